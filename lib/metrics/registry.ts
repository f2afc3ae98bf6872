import "server-only";
import type { z } from "zod";
import type { Role, SessionUser } from "../auth/roles";
import type { Db } from "../db/client";
import { listTransactions, transactionsQuerySchema } from "../transactions/explorer";
import { getAdoption } from "./adoption";
import { getDistricts } from "./districts";
import { failuresQuerySchema, getFxOutliers, getRecentFailures, outliersQuerySchema } from "./drill-down";
import type { ScopedFilter } from "./filter";
import { getFxSpreads } from "./fx-spreads";
import { getTopMerchants, topMerchantsQuerySchema } from "./merchants";
import { getVenueEffects } from "./venue-effects";
import { getOperations } from "./operations";

// Every metric endpoint in one table: who may ask, what computes it, which
// options it takes beside the shared filter. The route handlers
// (app/api/metrics/<name>) and the pages' server-side prefetch both read it, so
// a page can never hand a viewer a figure the API would refuse them.

type Options = z.ZodObject<z.ZodRawShape>;
interface MetricDef<T, O> {
  role: Role;
  compute: (db: Db, filter: ScopedFilter, options: O, user: SessionUser) => Promise<T>;
  options?: Options;
  /**
   * reads only the derived tables and merchants, so its answer changes only with the data version
   * (lib/store/answer-cache.ts); the drill-downs read single payments, which change as they are written
   */
  cached: boolean;
}

const def = <T, O = undefined>(role: Role, compute: MetricDef<T, O>["compute"], options?: Options, cached = true): MetricDef<T, O> => ({ role, compute, options, cached });

export const METRICS = {
  adoption: def("OFFICIAL", getAdoption),
  districts: def("OFFICIAL", getDistricts),
  "fx-spreads": def("OFFICIAL", getFxSpreads),
  "venue-effects": def("OFFICIAL", getVenueEffects),
  operations: def("OPS", getOperations),
  // single payments and named merchants: operations only
  failures: def("OPS", getRecentFailures, failuresQuerySchema, false),
  "fx-outliers": def("OPS", getFxOutliers, outliersQuerySchema, false),
  "top-merchants": def("OPS", getTopMerchants, topMerchantsQuerySchema),
  transactions: def("OPS", listTransactions, transactionsQuerySchema, false),
};

export type MetricName = keyof typeof METRICS;
/** What each endpoint answers as `data`: the metric function's own return type. */
export type MetricData = { [N in MetricName]: (typeof METRICS)[N] extends MetricDef<infer T, infer _O> ? T : never };
