import "server-only";
import { z } from "zod";
import { incidentActionSchema, incidentListSchema } from "../alerts/incidents";
import { annotationRangeSchema, annotationSchema } from "../alerts/annotations";
import { ruleSpecSchema } from "../alerts/rule-spec";
import { newApiKeySchema } from "../auth/api-keys";
import { auditQuerySchema } from "../auth/audit";
import type { Role } from "../auth/roles";
import { newUserSchema, userUpdateSchema } from "../auth/users";
import { exportQuerySchema } from "../export/metric-export";
import { rawExportQuerySchema } from "../export/raw-transactions";
import { fxRateInputSchema, transactionInputSchema } from "../ingest/schema";
import { metricFilterSchema } from "../metrics/filter";
import { METRICS, type MetricName } from "../metrics/registry";
import { reportSpecSchema } from "../reports/spec";

// The API as an OpenAPI 3.1 document, generated from the zod schemas the
// route handlers parse with (zod 4's JSON Schema output is draft 2020-12, the
// dialect OpenAPI 3.1 uses), so the document cannot describe a field the
// handler does not take. tests/unit/openapi.test.ts fails when a route in
// app/api is missing here or an example does not pass its schema.

type Auth = "public" | "api-key" | Role;
type Body = "json" | "csv" | "xlsx" | "pdf" | "file";

export interface Operation {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** as Next routes it, with {param} for a dynamic segment */
  path: string;
  tag: string;
  summary: string;
  auth: Auth;
  /** query parameters: each schema an object, its properties the parameters */
  query?: z.ZodType[];
  body?: z.ZodType;
  /** the body is also accepted as NDJSON, one element per line */
  batch?: boolean;
  /** a request body that must pass `body` (each element, for a batch) */
  example?: unknown;
  returns?: Body[];
}

const EXAMPLE_PAYMENT = {
  externalId: "A1-20230930-0001", channel: "WALLET", wallet: "KAKAOPAY", merchantId: "M000001", currency: "KRW", amount: "18500",
  amountCny: "100.00", status: "SUCCESS", resultCode: "SUCCESS", latencyMs: 850, payerId: "wallet-account-id",
  createdAt: "2023-09-30T10:00:00+08:00", updatedAt: "2023-09-30T10:00:01+08:00",
};

const metric = (name: MetricName): Operation => ({
  method: "get", path: `/api/metrics/${name}`, tag: "Metrics", auth: METRICS[name].role, returns: ["json"],
  summary: `The ${name} figures for a filter, with the time they are complete to (\`asOf\`) and how far the fold lags (\`behindSeconds\`)`,
  query: [metricFilterSchema, ...(METRICS[name].options ? [METRICS[name].options!] : [])],
});

export const OPERATIONS: Operation[] = [
  { method: "get", path: "/api/health", tag: "Service", auth: "public", summary: "Whether the app and its database answer", returns: ["json"] },
  { method: "get", path: "/api/openapi.json", tag: "Service", auth: "public", summary: "This document", returns: ["json"] },
  {
    method: "post", path: "/api/v1/transactions", tag: "Ingestion", auth: "api-key", body: z.array(transactionInputSchema), batch: true, example: [EXAMPLE_PAYMENT], returns: ["json"],
    summary: "Payments, each in its full current state: idempotent by externalId, all or nothing per batch (at most 5,000 rows, 5 MB)",
  },
  {
    method: "post", path: "/api/v1/fx-rates", tag: "Ingestion", auth: "api-key", body: z.array(fxRateInputSchema), batch: true, returns: ["json"],
    example: [{ currency: "KRW", minute: "2023-09-30T10:00:00+08:00", midRate: "0.0054" }],
    summary: "Reference mid rates (CNY per unit, per currency and minute) that FX spreads are measured against; a key with the fx-rates permission",
  },
  ...(Object.keys(METRICS) as MetricName[]).map(metric),
  {
    method: "get", path: "/api/export/{metric}", tag: "Exports", auth: "OFFICIAL", query: [metricFilterSchema, exportQuerySchema], returns: ["csv", "xlsx"],
    summary: "A widget's table as CSV or XLSX: the same answer the widget drew, headed by the filter, time zone and freshness",
  },
  { method: "get", path: "/api/reports/briefing", tag: "Exports", auth: "OFFICIAL", query: [metricFilterSchema], returns: ["pdf"], summary: "The officials' PDF briefing for a filter (lang=en|zh)" },
  {
    method: "get", path: "/api/transactions/export", tag: "Exports", auth: "OPS", query: [metricFilterSchema, rawExportQuerySchema], returns: ["csv", "xlsx"],
    summary: "Every matching payment, streamed as CSV or XLSX",
  },
  { method: "get", path: "/api/alerts/incidents", tag: "Alerts", auth: "OPS", query: [incidentListSchema], returns: ["json"], summary: "Open incidents (or the latest of all) with their timelines and delivery logs" },
  {
    method: "post", path: "/api/alerts/incidents/{id}", tag: "Alerts", auth: "OPS", body: incidentActionSchema, example: { action: "mute", minutes: 60 }, returns: ["json"],
    summary: "Acknowledge, note, mute, unmute or resolve an incident",
  },
  { method: "get", path: "/api/alerts/rules", tag: "Alerts", auth: "OPS", returns: ["json"], summary: "Alert rules with their current states" },
  {
    method: "post", path: "/api/alerts/rules", tag: "Alerts", auth: "OPS", body: ruleSpecSchema, returns: ["json"], summary: "A new alert rule",
    example: { name: "Kakao Pay failures", kind: "failure_rate", groupBy: "wallet", wallets: ["KAKAOPAY"], windowMinutes: 5, threshold: 20, minVolume: 20, pendingSeconds: 60, recoverySeconds: 300, webhookUrl: "https://chat.example/hooks/ops" },
  },
  { method: "put", path: "/api/alerts/rules/{id}", tag: "Alerts", auth: "OPS", body: ruleSpecSchema, example: { name: "Kakao Pay failures", kind: "failure_rate", groupBy: "wallet", wallets: ["KAKAOPAY"], windowMinutes: 5, threshold: 25, enabled: false }, returns: ["json"], summary: "Replace an alert rule" },
  { method: "delete", path: "/api/alerts/rules/{id}", tag: "Alerts", auth: "OPS", returns: ["json"], summary: "Delete an alert rule (its open incidents are resolved)" },
  { method: "get", path: "/api/annotations", tag: "Alerts", auth: "OFFICIAL", query: [annotationRangeSchema], returns: ["json"], summary: "Annotations in a time range that the viewer may see" },
  {
    method: "post", path: "/api/annotations", tag: "Alerts", auth: "OPS", body: annotationSchema, returns: ["json"], summary: "A note on the operations charts",
    example: { at: "2023-09-30T10:00:00+08:00", endAt: "2023-09-30T11:00:00+08:00", text: "Kakao Pay maintenance", wallet: "KAKAOPAY" },
  },
  { method: "delete", path: "/api/annotations/{id}", tag: "Alerts", auth: "OPS", returns: ["json"], summary: "Delete an annotation" },
  { method: "get", path: "/api/admin/users", tag: "Administration", auth: "ADMIN", returns: ["json"], summary: "Users" },
  {
    method: "post", path: "/api/admin/users", tag: "Administration", auth: "ADMIN", body: newUserSchema, returns: ["json"], summary: "A new user (no password: single sign-on only)",
    example: { email: "analyst@hangzhou.gov.example", name: "Analyst", role: "OFFICIAL", districts: ["xihu"] },
  },
  { method: "patch", path: "/api/admin/users/{id}", tag: "Administration", auth: "ADMIN", body: userUpdateSchema, example: { disabled: true }, returns: ["json"], summary: "Change a user's role, districts, password or disable them" },
  { method: "get", path: "/api/admin/api-keys", tag: "Administration", auth: "ADMIN", returns: ["json"], summary: "Ingestion API keys (prefixes only)" },
  {
    method: "post", path: "/api/admin/api-keys", tag: "Administration", auth: "ADMIN", body: newApiKeySchema, returns: ["json"], summary: "A new ingestion API key, shown once",
    example: { name: "Kakao Pay feed", wallets: ["KAKAOPAY"], permissions: ["transactions"] },
  },
  { method: "delete", path: "/api/admin/api-keys/{id}", tag: "Administration", auth: "ADMIN", returns: ["json"], summary: "Revoke an API key" },
  { method: "get", path: "/api/admin/audit", tag: "Administration", auth: "ADMIN", query: [auditQuerySchema], returns: ["json"], summary: "The audit log, newest first" },
  { method: "get", path: "/api/admin/reports", tag: "Administration", auth: "ADMIN", returns: ["json"], summary: "Scheduled reports with their latest runs" },
  {
    method: "post", path: "/api/admin/reports", tag: "Administration", auth: "ADMIN", body: reportSpecSchema, returns: ["json"], summary: "A new scheduled report",
    example: { name: "Daily briefing", kind: "briefing", format: "pdf", lang: "zh", period: "previous-day", cadence: "day", at: "08:00", folder: "daily-briefings" },
  },
  {
    method: "put", path: "/api/admin/reports/{id}", tag: "Administration", auth: "ADMIN", body: reportSpecSchema, returns: ["json"], summary: "Replace a scheduled report",
    example: { name: "Wallets this week", kind: "table", metric: "adoption", view: "by-wallet", format: "xlsx", period: "previous-7-days", cadence: "week", weekday: 1, at: "07:30", webhooks: ["https://files.example/in"] },
  },
  { method: "delete", path: "/api/admin/reports/{id}", tag: "Administration", auth: "ADMIN", returns: ["json"], summary: "Delete a scheduled report and its history" },
  { method: "post", path: "/api/admin/reports/{id}/run", tag: "Administration", auth: "ADMIN", returns: ["json"], summary: "Run a scheduled report now" },
  { method: "get", path: "/api/admin/reports/runs/{id}", tag: "Administration", auth: "ADMIN", returns: ["json"], summary: "One run of a report with its deliveries" },
  { method: "get", path: "/api/admin/reports/runs/{id}/file", tag: "Administration", auth: "ADMIN", returns: ["file"], summary: "The file a run produced" },
];

const MEDIA: Record<Body, string> = {
  json: "application/json",
  csv: "text/csv",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
  file: "application/octet-stream",
};

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

/** Query parameters from object schemas, one per property. */
function parameters(schemas: z.ZodType[]): object[] {
  return schemas.flatMap((schema) => {
    const s = jsonSchema(schema) as { properties?: Record<string, object>; required?: string[] };
    return Object.entries(s.properties ?? {}).map(([name, p]) => ({ name, in: "query", required: s.required?.includes(name) ?? false, schema: p }));
  });
}

const ERRORS = {
  400: "Malformed request (JSON, query)", 401: "Not signed in, or no valid API key", 403: "The role, key or district scope does not allow it",
  404: "No such item", 409: "Conflicts with what is stored", 413: "Too large", 415: "Not JSON or NDJSON", 422: "Invalid input: `errors` lists every problem",
  429: "Too many requests", 503: "The database is not reachable; retry",
};

export function openApiDocument(): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const op of OPERATIONS) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    const body = op.body
      ? {
          required: true,
          content: {
            "application/json": { schema: jsonSchema(op.body), ...(op.example !== undefined ? { example: op.example } : {}) },
            ...(op.batch ? { "application/x-ndjson": { schema: { type: "string", description: "one JSON object per line, each as an element of the array" } } } : {}),
          },
        }
      : undefined;
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      tags: [op.tag],
      summary: op.summary,
      ...(op.auth === "public" ? { security: [] } : { security: op.auth === "api-key" ? [{ apiKey: [] }, { bearer: [] }] : [{ session: [] }], "x-role": op.auth === "api-key" ? undefined : op.auth }),
      parameters: [...params, ...(op.query ? parameters(op.query) : [])],
      ...(body ? { requestBody: body } : {}),
      responses: {
        200: { description: "OK", content: Object.fromEntries((op.returns ?? ["json"]).map((r) => [MEDIA[r], {}])) },
        ...Object.fromEntries(Object.entries(ERRORS).map(([code, description]) => [code, { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }])),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Hangzhou Pay Monitor API",
      version: "1",
      description: "Ingestion (API keys), metrics, exports, alerts and administration (a signed-in session with the role each operation names in x-role). Times are ISO 8601; days are Asia/Shanghai days.",
    },
    servers: [{ url: "/" }],
    tags: ["Ingestion", "Metrics", "Exports", "Alerts", "Administration", "Service"].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: "apiKey", in: "header", name: "X-API-Key", description: "An ingestion key an administrator created" },
        bearer: { type: "http", scheme: "bearer", description: "The same key as a bearer token" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The dashboard's sign-in session" },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error", "message"],
          properties: {
            error: { type: "string", description: "a code: validation_failed, forbidden, not_found, ..." },
            message: { type: "string", description: "what went wrong and where, in English" },
            totalErrors: { type: "integer" },
            errors: { type: "array", items: { type: "object", properties: { row: { type: "integer" }, externalId: { type: "string" }, field: { type: "string" }, reason: { type: "string" } } } },
          },
        },
      },
    },
  };
}
