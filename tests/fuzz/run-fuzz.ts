import { foldChanges } from "@/lib/store/fold";
import fc from "fast-check";
import { POST as postRates } from "@/app/api/v1/fx-rates/route";
import { POST as postTransactions } from "@/app/api/v1/transactions/route";
import { createApiKey } from "@/lib/auth/api-keys";
import type { Db } from "@/lib/db/client";
import { onCitus } from "@/lib/db/citus";
import { ROLLUP_TABLES } from "@/lib/store/rollup-keys";
import { DERIVED_SQL } from "@/lib/store/rollup-rebuild";
import { assertDerivedEqualsRebuild } from "../helpers/derived";
import { opArb, type KeyName, type Op, type Row } from "./payloads";

// Sends generated requests through the real route handlers and checks, after
// each one: no answer >= 500; a refused batch committed no write to payments,
// reference rates or any derived table; an accepted batch stored
// each of its rows as sent. At the end every derived table equals its rebuild
// from the raw rows. Prints what it sent and how it was answered.

export interface Tally {
  requests: number;
  byStatus: Record<string, number>;
  byError: Record<string, number>;
  rowsAccepted: number;
  inserted: number;
  updated: number;
  unchanged: number;
  ratesInserted: number;
  ratesCorrected: number;
  repriced: number;
}

// Every committed statement that writes payments, rates or a derived table bumps this counter
// (statement-level triggers; a rolled-back statement's bump rolls back with it): a refused request
// must leave it where it was. Costs the same at any table size, unlike hashing the tables.
const WATCHED = ["transactions", "change_log", "fx_reference_rates", ...ROLLUP_TABLES.map((t) => t.table), ...Object.keys(DERIVED_SQL)];

const REQUEST_WRITES_FINGERPRINT = `SELECT concat_ws('|',
  (SELECT count(*) || ':' || coalesce(sum(hashtext(concat_ws(',', external_id, status, result_code, latency_ms, updated_at, mid_rate, spread_bps))), 0) FROM transactions),
  (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(hashtext(external_id)), 0) FROM change_log),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(concat_ws(',', currency_code, minute, mid_rate))), 0) FROM fx_reference_rates)) AS n`;

async function watchWrites(db: Db): Promise<void> {
  await db.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS fuzz_writes (n bigint NOT NULL)`);
  await db.$executeRawUnsafe(`INSERT INTO fuzz_writes SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM fuzz_writes)`);
  await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION fuzz_count_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE fuzz_writes SET n = n + 1; RETURN NULL; END $$`);
  for (const table of WATCHED) {
    await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS fuzz_writes ON ${table}`);
    await db.$executeRawUnsafe(`CREATE TRIGGER fuzz_writes AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION fuzz_count_write()`);
  }
}

export async function fuzzKeys(db: Db): Promise<Record<KeyName, string>> {
  return {
    all: (await createApiKey(db, { name: "fuzz all", permissions: ["transactions", "fx-rates"] })).key,
    kakao: (await createApiKey(db, { name: "fuzz kakao", wallets: ["KAKAOPAY"], permissions: ["transactions", "fx-rates"] })).key,
    "rates-only": (await createApiKey(db, { name: "fuzz rates", permissions: ["fx-rates"] })).key,
    "payments-only": (await createApiKey(db, { name: "fuzz payments" })).key,
  };
}

export function newTally(): Tally {
  return { requests: 0, byStatus: {}, byError: {}, rowsAccepted: 0, inserted: 0, updated: 0, unchanged: 0, ratesInserted: 0, ratesCorrected: 0, repriced: 0 };
}

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

/** Runs `runs` generated requests (in sequences of `perSequence`) against the app database `db` is also connected to. */
export async function runFuzz(db: Db, keys: Record<KeyName, string>, opts: { runs: number; seed: number; perSequence?: number; tally?: Tally }): Promise<Tally> {
  const tally = opts.tally ?? newTally();
  const perSequence = opts.perSequence ?? 25;
  const accepted: Row[] = [];
  // Citus runs no trigger on a distributed table's shards that could count into one table: there, a
  // fingerprint of what a request may write (payments, changes, rates; derived tables are written by
  // the folder alone), costlier but as strict for the request path
  const citus = await onCitus(db);
  if (!citus) await watchWrites(db);
  const snapshot = async () =>
    String((await db.$queryRawUnsafe<{ n: string }[]>(citus ? REQUEST_WRITES_FINGERPRINT : `SELECT n::text AS n FROM fuzz_writes`))[0]!.n);

  const send = async (op: Op): Promise<void> => {
    let body = op.kind === "replay" ? null : op.body;
    let rows = op.kind === "replay" ? [] : op.rows;
    if (op.kind === "replay") {
      if (!accepted.length) return;
      const prev = accepted[op.pick % accepted.length]!;
      const at = new Date(Date.parse(String(prev.updatedAt ?? prev.createdAt)) + op.later).toISOString();
      const row = { ...prev, status: op.status, updatedAt: at, resultCode: op.status === "SUCCESS" ? "SUCCESS" : op.status === "FAILED" ? "REQUEST_TIMEOUT" : op.status === "REFUNDED" ? "REFUND_SUCCESS" : undefined };
      rows = [row];
      body = { text: JSON.stringify(rows), contentType: "application/json" };
    }
    const path = op.kind === "rates" ? "/api/v1/fx-rates" : "/api/v1/transactions";
    const route = op.kind === "rates" ? postRates : postTransactions;
    const before = await snapshot();
    const res = await route(new Request(`http://fuzz${path}`, { method: "POST", body: body!.text, headers: { "x-api-key": keys[op.key], "content-type": body!.contentType } }));
    const answer = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    tally.requests++;
    bump(tally.byStatus, String(res.status));
    const where = `${op.kind} ${path} ${res.status} ${JSON.stringify(answer)?.slice(0, 400)}\nbody: ${body!.text.slice(0, 400)}`;
    if (res.status >= 500 || !answer) throw new Error(`answered ${res.status}: ${where}`);
    if (res.status !== 200) {
      bump(tally.byError, String(answer.error));
      for (const e of (answer.errors as { field: string }[] | undefined) ?? []) bump(tally.byError, `${answer.error}:${String(e.field).split(".")[0]}`);
      if ((await snapshot()) !== before) throw new Error(`a refused request changed stored data: ${where}`);
      return;
    }
    if (op.kind === "rates") {
      tally.ratesInserted += Number(answer.inserted);
      tally.ratesCorrected += Number(answer.corrected);
      tally.repriced += Number(answer.repriced);
      const sent = rows as { currency: string; minute: string; midRate: string }[];
      const stored = await db.$queryRawUnsafe<{ ok: boolean }[]>(
        `SELECT r.mid_rate = k.mid::numeric AS ok FROM unnest($1::text[], $2::timestamptz[], $3::text[]) AS k(c, m, mid)
         LEFT JOIN fx_reference_rates r ON r.currency_code = k.c AND r.minute = date_trunc('minute', k.m)`,
        sent.map((r) => r.currency), sent.map((r) => r.minute), sent.map((r) => r.midRate),
      );
      if (!stored.every((s) => s.ok)) throw new Error(`an accepted rate is not stored as sent: ${where}`);
      return;
    }
    const n = Number(answer.inserted) + Number(answer.updated) + Number(answer.unchanged);
    if (n !== rows.length || answer.received !== rows.length) throw new Error(`counts do not add up: ${where}`);
    tally.rowsAccepted += rows.length;
    tally.inserted += Number(answer.inserted);
    tally.updated += Number(answer.updated);
    tally.unchanged += Number(answer.unchanged);
    const sent = rows as Row[];
    const stored = await db.$queryRawUnsafe<{ external_id: string; amount: string; amount_cny: string; merchant_id: string; updated_at: Date }[]>(
      `SELECT external_id, amount::text, amount_cny::text, merchant_id, updated_at FROM transactions WHERE external_id = ANY($1::text[])`,
      sent.map((r) => r.externalId),
    );
    const byId = new Map(stored.map((s) => [s.external_id, s]));
    for (const r of sent) {
      const s = byId.get(String(r.externalId));
      const same = s && Number(s.amount) === Number(r.amount) && Number(s.amount_cny) === Number(r.amountCny) && s.merchant_id === r.merchantId
        && s.updated_at.getTime() >= Date.parse(String(r.updatedAt ?? r.createdAt));
      if (!same) throw new Error(`accepted row ${String(r.externalId)} is not stored as sent (${JSON.stringify(s)}): ${where}`);
      accepted.push(r);
    }
  };

  // one sequence more than the runs need: a replay before anything was accepted sends nothing
  const sequences = Math.ceil(opts.runs / perSequence) + 1;
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: perSequence, maxLength: perSequence }), async (ops) => {
      for (const op of ops) await send(op);
      // the folder between sequences, as the app's runs beside the API
      await foldChanges(db);
    }),
    { numRuns: sequences, seed: opts.seed, endOnFailure: true },
  );
  await foldChanges(db);
  await assertDerivedEqualsRebuild(db);
  return tally;
}

export function formatTally(t: Tally, backend: string, seconds: number): string {
  const top = (m: Record<string, number>) => Object.entries(m).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", ");
  return [
    `fuzz (${backend}): ${t.requests} requests in ${seconds.toFixed(1)} s, 0 answers >= 500, every refused batch left the data unchanged, derived tables equal their rebuild`,
    `  answers: ${top(t.byStatus)}`,
    `  payments: ${t.rowsAccepted} rows accepted (${t.inserted} inserted, ${t.updated} updated, ${t.unchanged} unchanged); rates: ${t.ratesInserted} inserted, ${t.ratesCorrected} corrected, ${t.repriced} payments repriced`,
    `  refusals: ${top(t.byError)}`,
  ].join("\n");
}
