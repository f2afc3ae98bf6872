import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OPERATIONS, openApiDocument } from "@/lib/http/openapi";

// The OpenAPI document against the app: every route handler in app/api is
// documented (and nothing else), every request example passes the schema the
// handler parses with, and the document holds together.

/** "GET /api/admin/users/{id}" for every exported method of every route.ts under app/api (next-auth's own excepted). */
function routes(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "route.ts" && !p.includes("[...nextauth]")) {
        const src = fs.readFileSync(p, "utf8");
        const url = "/" + path.dirname(p).replace(/\[(\w+)\]/g, "{$1}").split(path.sep).slice(1).join("/");
        for (const m of ["GET", "POST", "PUT", "PATCH", "DELETE"]) if (new RegExp(`export const ${m}\\b`).test(src)) out.push(`${m} /${url.slice(1)}`);
      }
    }
  };
  walk("app/api");
  return out.map((r) => r.replace(" //", " /")).sort();
}

const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; requestBody?: unknown }>> };
const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();

describe("the OpenAPI document", () => {
  it("documents every route in app/api, and only those", () => {
    const actual = routes().map((r) => r.replace(" /app", ""));
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
