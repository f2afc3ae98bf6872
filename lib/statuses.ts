import type { TransactionStatus } from "./db/generated/enums";

// Every state a payment can be in, and the groups the figures count by: the one place their names are
// written, for TypeScript and for SQL (an ESLint rule refuses them as string copies inside SQL).

export const STATUSES = ["PENDING", "SUCCESS", "FAILED", "UNKNOWN", "REFUNDED"] as const satisfies readonly TransactionStatus[];
export type Status = (typeof STATUSES)[number];
// a state added to the schema's enum and not here fails to compile
const everyStatus: Record<TransactionStatus, true> = { PENDING: true, SUCCESS: true, FAILED: true, UNKNOWN: true, REFUNDED: true };
void everyStatus;

/** A payment that went through (refunds included): what payments, volume, payers and coverage count. */
const COUNTED = ["SUCCESS", "REFUNDED"] as const satisfies readonly Status[];
/** Not settled yet: operations' backlog. */
const WAITING = ["PENDING", "UNKNOWN"] as const satisfies readonly Status[];

const quoted = (statuses: readonly Status[]) => statuses.map((s) => `'${s}'`).join(", ");
/** SQL: the status expression is one of `statuses` */
export const statusInSql = (expr: string, statuses: readonly Status[]) =>
  statuses.length === 1 ? `${expr} = ${quoted(statuses)}` : `${expr} IN (${quoted(statuses)})`;
export const countedSql = (expr: string) => statusInSql(expr, COUNTED);
export const failedSql = (expr: string) => statusInSql(expr, ["FAILED"]);
export const waitingSql = (expr: string) => statusInSql(expr, WAITING);
