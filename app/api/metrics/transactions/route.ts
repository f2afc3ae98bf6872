import { metricRoute } from "@/lib/http/metric-route";
import { listTransactions, transactionsQuerySchema } from "@/lib/transactions/explorer";

export const GET = metricRoute("OPS", listTransactions, transactionsQuerySchema);
