import { describe, expect, it } from "vitest";
import { OPERATIONS, openApiDocument } from "@/lib/http/openapi";
import { appRoutes } from "../helpers/app-routes";

// The OpenAPI document against the app: every route handler in app/api is
// documented (and nothing else), every request example passes the schema the
// handler parses with, and the document holds together.

/** "GET /api/admin/users/{id}" for every route handler under app/api (next-auth's own excepted). */
const routes = () => appRoutes().filter((r) => / \/api\//.test(r) && !r.includes("[...nextauth]")).map((r) => r.replace(/\[(\w+)\]/g, "{$1}"));

const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; requestBody?: unknown }>> };
const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();

describe("the OpenAPI document", () => {
  it("documents every route in app/api, and only those", () => {
    const actual = routes();
    expect(actual.length).toBeGreaterThan(30);
    expect(actual.filter((r) => !documented.includes(r)), "routes missing from the document").toEqual([]);
    expect(documented.filter((r) => !actual.includes(r)), "documented routes that do not exist").toEqual([]);
  });

  it.each(OPERATIONS.filter((o) => o.body).map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))("%s: its example passes the handler's schema", (_, op) => {
    expect(op.example, "an operation with a body shows an example").toBeDefined();
    const parsed = op.body!.safeParse(op.example);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it("is OpenAPI 3.1 whose path parameters and references all resolve", () => {
    expect(doc.openapi).toBe("3.1.0");
    for (const [p, ops] of Object.entries(doc.paths)) {
      const inPath = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(ops)) expect(op.parameters.filter((x) => x.in === "path").map((x) => x.name)).toEqual(inPath);
    }
    const text = JSON.stringify(doc);
    for (const [, ref] of text.matchAll(/"\$ref":"#\/([^"]+)"/g)) {
      const target = ref!.split("/").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], doc);
      expect(target, ref).toBeDefined();
    }
    // a handler that validates a query documents its parameters: the metrics take the shared filter
    expect(doc.paths["/api/metrics/adoption"]!.get!.parameters.map((x) => x.name)).toEqual(expect.arrayContaining(["from", "to", "wallets", "districts", "radiusM"]));
  });
});
