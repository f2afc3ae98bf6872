import fs from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, type APIRequestContext, type Page } from "@playwright/test";
import type { DemoUser } from "../../lib/cli/demo-users";
import { E2E } from "../../playwright.config";

export const BASE_URL = `http://127.0.0.1:${E2E.port}`;

/** Every day the simulated Games has payments on (August baseline to the closing ceremony), as a filter. */
export const ALL_DAYS = "from=2023-08-01&to=2023-10-08";

/** The ingestion API key `npm run demo` created for this run. */
export const apiKey = () => fs.readFileSync(path.join(path.dirname(E2E.dataDir), "demo-api-key"), "utf8").trim();

/** The demo users `npm run demo` created for this run (random passwords, beside the e2e database). */
export function demoUser(email: string): DemoUser {
  const users: DemoUser[] = JSON.parse(fs.readFileSync(path.join(path.dirname(E2E.dataDir), "demo-users.json"), "utf8"));
  const u = users.find((x) => x.email === email);
  if (!u) throw new Error(`no demo user ${email}`);
  return u;
}

export const DEMO = {
  official: "official@demo.hz",
  xihu: "xihu@demo.hz",
  ops: "ops@demo.hz",
  admin: "admin@demo.hz",
} as const;

/** Signs in through the sign-in page, as a person would. */
export async function signInPage(page: Page, email: string, password = demoUser(email).password): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel(/E-mail|电子邮箱/).fill(email);
  await page.getByLabel(/Password|密码/).fill(password);
  await page.getByRole("button", { name: /^(Sign in|登录)$/ }).click();
}

/** Signs in and waits until the app has let the user in. */
export async function signedIn(page: Page, email: string, password?: string): Promise<void> {
  await signInPage(page, email, password);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

/** An HTTP client holding a real session cookie, obtained through next-auth's credentials endpoint. */
export async function apiSession(email: string | null): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL: BASE_URL, maxRedirects: 0 });
  if (!email) return ctx;
  const { csrfToken } = await (await ctx.get("/api/auth/csrf")).json();
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password: demoUser(email).password, json: "true" },
  });
  expect(res.status(), `sign-in of ${email}`).toBeLessThan(400);
  const cookies = (await ctx.storageState()).cookies.map((c) => c.name);
  expect(cookies).toContain("next-auth.session-token");
  return ctx;
}
