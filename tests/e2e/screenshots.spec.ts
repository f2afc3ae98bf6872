import fs from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { BASE_URL, DEMO, signedIn } from "./helpers";
import { ROLE_PAGES, openSettled } from "./pages";
import { LOCALE_COOKIE, messages } from "../../lib/i18n/messages";
import { latinText } from "./latin-text";

// Every page for every demo role in both languages, each widget settled and none in its error
// state, saved as a full-page screenshot: `npm run screenshots` runs just this file and leaves the
// pictures in screenshots/<language>/<role>-<page>.png (SCREENSHOTS_DIR to put them elsewhere).
// In Chinese every page must also be free of English UI text (tests/e2e/latin-text.ts says what may stay Latin).

const DIR = process.env.SCREENSHOTS_DIR ?? "screenshots";
const fileName = (role: string, p: string) => `${role}-${p === "/" ? "overview" : p.slice(1).replaceAll("/", "-")}.png`;

for (const lang of ["en", "zh"] as const) {
  for (const { role, who, paths } of ROLE_PAGES) {
    test(`every page ${role} may open renders in ${lang === "en" ? "English" : "Chinese"} without a failed widget`, async ({ page, context }) => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await context.addCookies([{ name: LOCALE_COOKIE, value: lang, url: BASE_URL }]);
      await signedIn(page, who);
      fs.mkdirSync(path.join(DIR, lang), { recursive: true });
      for (const p of paths) {
        await openSettled(page, p);
        await expect(page.locator("html")).toHaveAttribute("lang", lang === "en" ? "en" : /^zh/);
        await expect(page.locator('[data-state="error"]'), `${p}: widgets in their error state`).toHaveCount(0);
        if (lang === "zh") expect.soft(await latinText(page), `${p}: English on the Chinese page`).toEqual([]);
        await page.screenshot({ path: path.join(DIR, lang, fileName(role, p)), fullPage: true });
      }
    });
  }
}

test("a refused request says why in Chinese on a Chinese page, the server's own words kept as the detail", async ({ page, context }) => {
  await context.addCookies([{ name: LOCALE_COOKIE, value: "zh", url: BASE_URL }]);
  await signedIn(page, DEMO.xihu);
  await page.goto("/?districts=binjiang");
  const error = page.getByTestId("tiles").getByTestId("widget-error");
  await expect(error).toContainText(messages.zh.apiErrors.outside_scope);
  await expect(error.locator('[translate="no"]')).toContainText("You may see only xihu; not binjiang.");
  expect(await latinText(page)).toEqual([]);

  await context.clearCookies();
  await context.addCookies([{ name: LOCALE_COOKIE, value: "zh", url: BASE_URL }]);
  await signedIn(page, DEMO.admin);
  await page.goto("/admin");
  const users = page.getByRole("region", { name: messages.zh.admin.users.title });
  await users.getByLabel(messages.zh.admin.users.email).fill(DEMO.ops);
  await users.getByLabel(messages.zh.admin.users.name).fill("重复的用户");
  await users.getByRole("button", { name: messages.zh.admin.users.submit, exact: true }).click();
  await expect(users.getByRole("alert")).toContainText(messages.zh.apiErrors.duplicate_user);
  expect(await latinText(page)).toEqual([]);
});
