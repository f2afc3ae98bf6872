import { ALL_DISTRICTS, metricFilterSchema, scopeFilter, type MetricFilterInput, type ScopedFilter } from "@/lib/metrics/filter";

/** A parsed filter with every district in scope, as an admin's would be. */
export const scopedFilter = (input: MetricFilterInput): ScopedFilter => scopeFilter(metricFilterSchema.parse(input), ALL_DISTRICTS);
