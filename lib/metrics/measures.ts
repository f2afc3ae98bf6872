import { countedSql, failedSql } from "../statuses";
// What the dashboard counts, defined once over a rollup source aliased `r`.
// A payment is an attempt that went through: SUCCESS, or REFUNDED (it went
// through before it was refunded). Payments, volume, payers, merchant
// coverage, FX spreads and the cost to payers all count exactly these;
// volume is gross (refunds are not subtracted). Every other attempt
// (pending, unknown, failed) counts only as an attempt. The glossary on every
// page (lib/i18n dash.glossary) and the README say the same.
export const COUNTED_STATUS_SQL = (alias = "r") => countedSql(`${alias}.status`);
export const PAYMENTS_SQL = `coalesce(sum(r.payments) FILTER (WHERE ${COUNTED_STATUS_SQL()}), 0)::bigint`;
export const VOLUME_SQL = `coalesce(sum(r.amount_cny) FILTER (WHERE ${COUNTED_STATUS_SQL()}), 0)::text`;
export const FAILED_SQL = `coalesce(sum(r.payments) FILTER (WHERE ${failedSql("r.status")}), 0)::bigint`;

/** Failed attempts over settled ones (succeeded + failed); pending and unknown wait for their result. Null with none settled. */
export const failureRate = (failed: number, succeeded: number) => (failed + succeeded > 0 ? failed / (failed + succeeded) : null);
