import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/roles";
import { createThrowawayDatabase } from "@/lib/db/throwaway";
import { runMetric } from "@/lib/http/metric-route";
import { METRICS, type MetricName } from "@/lib/metrics/registry";
import { planSimulation } from "@/lib/simulate/generate";
import { runSimulation } from "@/lib/simulate/run";
import { POSTGRES_URL, createTestDatabase, postgresUnavailable, skipReason, testBackend, type TestDatabase } from "../helpers/test-db";

// The same simulated Games in plain PostgreSQL and in the Citus cluster: every metric, for every role
// that may ask it and a spread of filters, answers the same on both. Runs in the Citus suite only.
const skip = testBackend() !== "citus" ? "the Citus suite runs this" : ((await skipReason()) ?? (await postgresUnavailable()));

const plan = planSimulation({ seed: 13, transactions: 40_000, days: ["2023-08-17", "2023-09-30", "2023-10-01"] });

const QUERIES = [
  "from=2023-08-17&to=2023-10-01",
  "from=2023-09-30T18:07:00%2B08:00&to=2023-10-01T09:52:30%2B08:00&wallets=KAKAOPAY,ALIPAYHK",
  "from=2023-09-30T06:00:00%2B08:00&to=2023-10-01&categories=DINING,SOUVENIR&districts=xihu,shangcheng,gongshu",
  "from=2023-08-17&to=2023-09-30&channels=CARD",
  "from=2023-08-17&to=2023-10-01&radiusM=500",
];

const user = (role: SessionUser["role"], districts: string[] = []): SessionUser => ({ id: "00000000-0000-4000-8000-000000000000", email: `${role}@test.invalid`, name: role, role, districts });
const ASKERS = [user("OFFICIAL"), user("OPS"), user("OFFICIAL", ["xihu"])];

describe.skipIf(skip)("the same Games on PostgreSQL and on Citus", () => {
  let pg: TestDatabase;
  let citus: TestDatabase;
  beforeAll(async () => {
    [pg, citus] = await Promise.all([createThrowawayDatabase("postgres", POSTGRES_URL), createTestDatabase()]);
    await Promise.all([runSimulation(pg.db, plan), runSimulation(citus.db, plan)]);
  });
  afterAll(async () => {
    await pg?.close();
    await citus?.close();
  });

  it.each(Object.keys(METRICS) as MetricName[])("%s answers the same on both", async (name) => {
    let compared = 0;
    for (const asker of ASKERS) {
      for (const q of QUERIES) {
        const ask = (db: TestDatabase) => runMetric(name, new URLSearchParams(q), asker, db.db).then((a) => a.data, (e: Error) => `refused: ${e.message}`);
        const [onPg, onCitus] = await Promise.all([ask(pg), ask(citus)]);
        expect(onCitus, `${name} for ${asker.role}${asker.districts.length ? " (xihu)" : ""} with ${q}`).toEqual(onPg);
        if (typeof onPg !== "string") compared++;
      }
    }
    // not a comparison of refusals: the metric answered at least once
    expect(compared).toBeGreaterThan(0);
  });
});
