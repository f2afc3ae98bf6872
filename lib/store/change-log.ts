import "server-only";
import type { Sql } from "../db/client";

// What a payment's own transaction writes besides the payment: one change-log
// row per effective change, old state and new. Every derived table is folded
// from these rows afterwards (lib/store/fold.ts); nothing else is written here.

/** A payment's state as the derived tables see it; the rest of the payment never changes. */
export interface PaymentState {
  status: string;
  resultCode: string;
  latencyMs: number | null;
  spreadBps: string | null;
}

export interface Change {
  externalId: string;
  /** null: a new payment */
  old: PaymentState | null;
  new: PaymentState;
}

const str = (n: number | null) => (n === null ? null : String(n));

/** Appends the changes, one multi-row insert. */
export async function logChanges(tx: Sql, changes: Change[]): Promise<void> {
  if (!changes.length) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO change_log (external_id, old_status, new_status, old_result_code, new_result_code, old_latency_ms, new_latency_ms,
       old_spread_bps, new_spread_bps)
     SELECT c.external_id, c.old_status::transaction_status, c.new_status::transaction_status, c.old_result_code, c.new_result_code,
       c.old_latency_ms::integer, c.new_latency_ms::integer, c.old_spread_bps::numeric, c.new_spread_bps::numeric
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       AS c(external_id, old_status, new_status, old_result_code, new_result_code, old_latency_ms, new_latency_ms, old_spread_bps, new_spread_bps)`,
    changes.map((c) => c.externalId),
    changes.map((c) => c.old?.status ?? null),
    changes.map((c) => c.new.status),
    changes.map((c) => c.old?.resultCode ?? null),
    changes.map((c) => c.new.resultCode),
    changes.map((c) => str(c.old?.latencyMs ?? null)),
    changes.map((c) => str(c.new.latencyMs)),
    changes.map((c) => c.old?.spreadBps ?? null),
    changes.map((c) => c.new.spreadBps),
  );
}
