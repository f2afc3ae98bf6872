import { expect, type Page } from "@playwright/test";
import { ALL_DAYS, DEMO } from "./helpers";

/** Every page each demo role may open (the access matrix says who may open what). */
export const ROLE_PAGES: { role: string; who: string; paths: string[] }[] = [
  { role: "official", who: DEMO.official, paths: ["/", "/districts", "/fx"] },
  { role: "official-xihu", who: DEMO.xihu, paths: ["/", "/districts", "/fx"] },
  { role: "ops", who: DEMO.ops, paths: ["/", "/districts", "/fx", "/operations", "/transactions", "/alerts"] },
  { role: "admin", who: DEMO.admin, paths: ["/admin", "/admin/reports"] },
];

/** Opens a page (dashboard pages on the whole simulated period; the others take no filter) and waits until nothing on it is loading. */
export async function openSettled(page: Page, path: string): Promise<void> {
  await page.goto(path.startsWith("/admin") || path === "/alerts" ? path : `${path}?${ALL_DAYS}`);
  await expect(page.locator('[data-state="loading"]')).toHaveCount(0, { timeout: 30_000 });
}
