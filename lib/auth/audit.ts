import "server-only";
import type { Prisma } from "../db/generated/client";
import type { Db } from "../db/client";
import { z } from "zod";

export const AUDIT_ACTIONS = [
  "sign_in",
  "sign_in_failed",
  "sign_in_locked",
  "sign_out",
  "user_created",
  "user_updated",
  "api_key_created",
  "api_key_revoked",
  "export",
  "report_created",
  "report_updated",
  "report_deleted",
  "report_run",
  "alert_rule_created",
  "alert_rule_updated",
  "alert_rule_deleted",
  "incident_action",
  "annotation_created",
  "annotation_deleted",
  "fx_rate_corrected",
] as const;

/** The audit log's filter, as GET /api/admin/audit takes it. */
export const auditQuerySchema = z.strictObject({
  action: z.enum(AUDIT_ACTIONS).optional(),
  actor: z.string().max(254).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.string().regex(/^\d{1,18}$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditInput {
  action: AuditAction;
  actor?: { id: string; email: string } | null;
  /** who tried, when there is no user (failed sign-in to an unknown account) */
  actorEmail?: string;
  target?: string;
  ip?: string | null;
  detail?: Prisma.InputJsonValue;
}

export async function audit(db: Db, e: AuditInput): Promise<void> {
  await db.auditEntry.create({
    data: {
      action: e.action,
      actorId: e.actor?.id ?? null,
      actorEmail: e.actor?.email ?? e.actorEmail ?? null,
      target: e.target ?? null,
      ip: e.ip?.slice(0, 64) ?? null,
      detail: e.detail,
    },
  });
}

export interface AuditQuery {
  action?: AuditAction;
  actor?: string;
  from?: Date;
  to?: Date;
  /** keyset: entries older than this id */
  before?: bigint;
  limit: number;
}

export async function listAudit(db: Db, q: AuditQuery) {
  const rows = await db.auditEntry.findMany({
    where: {
      action: q.action,
      actorEmail: q.actor ? { contains: q.actor.toLowerCase() } : undefined,
      at: { gte: q.from, lt: q.to },
      id: q.before ? { lt: q.before } : undefined,
    },
    orderBy: { id: "desc" },
    take: q.limit,
  });
  return rows.map((r) => ({ ...r, id: r.id.toString(), at: r.at.toISOString() }));
}
