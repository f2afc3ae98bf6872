import { apiRoute } from "@/lib/http/api-route";
import { databaseHealth } from "@/lib/metrics/health";

export const dynamic = "force-dynamic";

export const GET = apiRoute("public", async ({ db }) => databaseHealth(db));
