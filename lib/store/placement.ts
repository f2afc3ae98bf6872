import "server-only";
import { applyPlacement, type PlacementPlan } from "../db/citus";
import { getEnv } from "../env";
import { FAMILIES } from "./families";

// Where every table lives on a Citus cluster (README "Scaling out with Citus").
// A test fails when a migration adds a table this plan does not place.
export const PLACEMENT: PlacementPlan = {
  // payments, their changes and their FX outliers by payment: a payment's write and the folder's
  // join of a change with its payment stay on one shard
  transactions: { distributeBy: "external_id", group: "payments" },
  change_log: { distributeBy: "external_id", group: "payments" },
  fx_outliers: { distributeBy: "external_id", group: "payments" },
  // one payer's first payment
  payers: { distributeBy: "payer_hash", group: "payers" },
  merchant_firsts: { distributeBy: "merchant_id", group: "merchants" },
  // the sums per key, each where its declaration says (lib/store/families.ts)
  ...Object.fromEntries(FAMILIES.map((f) => [f.table, f.placement])),
  // 16 KiB per cell and day
  payer_sketches: { distributeBy: "day", group: "days" },
  // small, joined with everything: a copy on every node
  channels: "reference",
  currencies: "reference",
  wallets: "reference",
  districts: "reference",
  venues: "reference",
  calendar_events: "reference",
  result_codes: "reference",
  merchants: "reference",
  fx_reference_rates: "reference",
  merchant_onboard_days: "reference",
  merchant_coverage_days: "reference",
  merchant_first_bitmaps: "reference",
  payer_first_days: "reference",
  // the app's own state, never joined with the payments
  _prisma_migrations: "local",
  fold_state: "local",
  users: "local",
  api_keys: "local",
  rate_limits: "local",
  audit_log: "local",
  annotations: "local",
  alert_rules: "local",
  alert_states: "local",
  incidents: "local",
  incident_events: "local",
  notifications: "local",
  report_schedules: "local",
  report_runs: "local",
  simulation_runs: "local",
};

/** On Citus, places every table of the plan not placed yet; elsewhere nothing. */
export function placeForCitus(url: string): Promise<string[]> {
  return applyPlacement(url, PLACEMENT, { shardCount: getEnv().CITUS_SHARD_COUNT });
}
