import { expect, test } from "./fixtures";
import { DEMO, demoUser, signInPage } from "./helpers";

test("anonymous visitors are sent to sign-in, in English or Chinese", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2F/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByTestId("language-switch").click();
  await expect(page.getByRole("heading", { name: "登录" })).toBeVisible();
  await expect(page.getByLabel("电子邮箱")).toBeVisible();
  await page.getByTestId("language-switch").click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await signInPage(page, DEMO.ops, "not-the-password");
  await expect(page.getByTestId("sign-in-error")).toHaveText("The e-mail or password is wrong.");
  await expect(page).toHaveURL(/\/sign-in/);
});

for (const [who, email, seesAdmin, scope] of [
  ["official", DEMO.official, false, "all districts"],
  ["district official", DEMO.xihu, false, "Xihu"],
  ["ops", DEMO.ops, false, "all districts"],
  ["admin", DEMO.admin, true, "all districts"],
] as const) {
  test(`the ${who} signs in and sees only the allowed navigation`, async ({ page }) => {
    await signInPage(page, email);
    await expect(page.getByRole("heading", { name: "Adoption", level: 1 })).toBeVisible();
    const nav = page.getByTestId("main-nav");
    for (const link of ["Adoption", "Districts", "FX spreads"]) await expect(nav.getByRole("link", { name: link })).toBeVisible();
    const seesOps = who === "ops" || who === "admin";
    for (const link of ["Operations", "Transactions", "Alerts"]) await expect(nav.getByRole("link", { name: link })).toHaveCount(seesOps ? 1 : 0);
    await expect(nav.getByRole("link", { name: "Administration" })).toHaveCount(seesAdmin ? 1 : 0);
    await expect(page.getByTestId("who")).toContainText(`${demoUser(email).name} · `);
    await expect(page.getByTestId("who")).toContainText(scope);
    const admin = await page.goto("/admin");
    expect(admin?.status()).toBe(seesAdmin ? 200 : 403);
    if (seesAdmin) await expect(page.getByTestId("audit-log")).toContainText("signed in");
    else await expect(page.getByTestId("forbidden")).toBeVisible();
    await page.goto("/");
    await page.getByTestId("sign-out").click();
    await expect(page).toHaveURL(/\/sign-in/);
  });
}
