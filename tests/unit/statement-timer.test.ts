import { describe, expect, it } from "vitest";
import { statementLabel } from "@/lib/cli/statement-timer";

describe("statementLabel", () => {
  it("names a statement by its verb and first table, telling upserts from plain inserts", () => {
    expect(statementLabel("\nINSERT INTO rollup_1h AS r (bucket)\nSELECT 1 FROM unnest($1::text[])\nON CONFLICT (bucket) DO UPDATE SET payments = r.payments + 1")).toBe("upsert rollup_1h");
    expect(statementLabel("INSERT INTO transactions (external_id) SELECT 1 ON CONFLICT (external_id) DO NOTHING RETURNING external_id")).toBe("insert transactions");
    expect(statementLabel("INSERT INTO payer_sketches (day) SELECT 1 ON CONFLICT DO NOTHING")).toBe("insert payer_sketches");
    expect(statementLabel("UPDATE payer_sketches s SET registers = 1 FROM unnest($1::text[]) a")).toBe("update payer_sketches");
    expect(statementLabel("DELETE FROM rollup_5m WHERE payments = 0")).toBe("delete rollup_5m");
    expect(statementLabel("SELECT external_id, status::text AS status\n  FROM transactions WHERE external_id = ANY($1) FOR UPDATE")).toBe("select transactions");
    expect(statementLabel("BEGIN; SET LOCAL statement_timeout = 120000")).toBe("begin");
    expect(statementLabel("COMMIT")).toBe("commit");
  });
});
