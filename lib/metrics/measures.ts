// What the dashboard counts, defined once over a rollup source aliased `r`:
// "payments" succeeded (refunded ones included: they succeeded first);
// "volume" is CNY of payments that stayed successful.
export const PAYMENTS_SQL = `coalesce(sum(r.payments) FILTER (WHERE r.status IN ('SUCCESS', 'REFUNDED')), 0)::bigint`;
export const VOLUME_SQL = `coalesce(sum(r.amount_cny) FILTER (WHERE r.status = 'SUCCESS'), 0)::text`;
export const FAILED_SQL = `coalesce(sum(r.payments) FILTER (WHERE r.status = 'FAILED'), 0)::bigint`;
