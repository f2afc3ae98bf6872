import { describe, expect, it } from "vitest";
import { PLACEMENT } from "@/lib/store/placement";
import { skipReason, testBackend, useDatabaseWithClient } from "../helpers/test-db";

const skip = await skipReason();

describe.skipIf(skip)("where each table lives on Citus (lib/store/placement.ts)", () => {
  const ctx = useDatabaseWithClient();

  it("places every table the migrations create, and no other", async () => {
    const { rows } = await ctx.client.query<{ t: string }>(
      `SELECT c.relname AS t FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') ORDER BY 1`,
    );
    expect(rows.map((r) => r.t)).toEqual(Object.keys(PLACEMENT).sort());
  });

  it("keeps each distributed table's column in every unique key, as Citus requires", async () => {
    const { rows } = await ctx.client.query<{ t: string; cols: string[] }>(
      `SELECT c.relname AS t, array_agg(a.attname::text) AS cols
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
       WHERE i.indisunique AND c.relnamespace = current_schema()::regnamespace GROUP BY i.indexrelid, c.relname`,
    );
    const distributed = Object.entries(PLACEMENT).filter((e): e is [string, { distributeBy: string; group: string }] => typeof e[1] === "object");
    for (const [table, p] of distributed) {
      const keys = rows.filter((r) => r.t === table);
      expect(keys.length, table).toBeGreaterThan(0);
      for (const k of keys) expect(k.cols, `${table}: a unique key without ${p.distributeBy}`).toContain(p.distributeBy);
    }
  });

  it.skipIf(testBackend() !== "citus")("distributes, copies and co-locates on the cluster as the plan says", async () => {
    const { rows } = await ctx.client.query<{ t: string; method: string; col: string | null; colocation: number }>(
      `SELECT c.relname AS t, p.partmethod AS method, column_to_column_name(p.logicalrelid, p.partkey) AS col, p.colocationid AS colocation
       FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid WHERE c.relnamespace = current_schema()::regnamespace`,
    );
    const found = new Map(rows.map((r) => [r.t, r]));
    const groups = new Map<string, Set<number>>();
    for (const [table, p] of Object.entries(PLACEMENT)) {
      const r = found.get(table);
      if (p === "local") {
        // app state may become a Citus-managed local table (it refers to a reference table) but is never distributed
        expect(r === undefined || r.method === "n", table).toBe(true);
        continue;
      }
      expect(r, table).toBeDefined();
      if (p === "reference") {
        expect(r!.method, table).toBe("n");
        continue;
      }
      expect([r!.method, r!.col], table).toEqual(["h", p.distributeBy]);
      groups.set(p.group, (groups.get(p.group) ?? new Set()).add(r!.colocation));
    }
    // one co-location group per declared group, and different groups apart
    for (const [group, ids] of groups) expect(ids.size, group).toBe(1);
    expect(new Set([...groups.values()].map((s) => [...s][0])).size).toBe(groups.size);
  });
});
