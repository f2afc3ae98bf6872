import "server-only";
import { connection } from "next/server";
import type { Role } from "../auth/roles";
import { requirePageUser } from "../auth/session";
import { getDb } from "../db";
import { currentLocale } from "../i18n/locale";
import { completedSimulation } from "../simulate/run";

/** What every dashboard page needs first: the signed-in user of at least `role` (else 403), the language, whether data is simulated. */
export async function dashboardPage(role: Role, path: string) {
  await connection();
  const user = await requirePageUser(role, path);
  const [{ t, locale }, simulated] = await Promise.all([currentLocale(), completedSimulation(getDb())]);
  return { user, t, locale, simulated: simulated !== null };
}

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;
