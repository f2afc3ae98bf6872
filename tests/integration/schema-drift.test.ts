import { describe, expect, it } from "vitest";
import { actualSchema, expectedSchema } from "../helpers/schema-snapshot";
import { skipReason, useDatabaseWithClient } from "../helpers/test-db";

const skip = await skipReason();

describe.skipIf(skip)("schema.prisma and the migrated database", () => {
  const ctx = useDatabaseWithClient();

  it("agree on tables, columns, types, nullability, defaults, indexes, keys and enums", async () => {
    expect(await actualSchema(ctx.client)).toEqual(expectedSchema());
  });

  it("the comparison notices a dropped index and a changed column type", async () => {
    await ctx.client.query("BEGIN");
    try {
      await ctx.client.query(`DROP INDEX "transactions_merchant_id_idx"`);
      await ctx.client.query(`ALTER TABLE "transactions" ALTER COLUMN "latency_ms" TYPE bigint`);
      const drifted = await actualSchema(ctx.client);
      const expected = expectedSchema();
      expect(expected.filter((l) => !drifted.includes(l))).toEqual([
        "column transactions.latency_ms integer",
        "index transactions(merchant_id)",
      ]);
    } finally {
      await ctx.client.query("ROLLBACK");
    }
  });

  it("keeps every unique constraint of the transactions table on the distribution column", () => {
    const uniques = expectedSchema().filter((l) => /^(primary key|unique index) transactions\(/.test(l));
    expect(uniques.length).toBeGreaterThan(0);
    for (const u of uniques) expect(u).toContain("external_id");
  });
});
