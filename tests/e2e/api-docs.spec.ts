import { expect, test } from "./fixtures";
import { BASE_URL, DEMO, signedIn } from "./helpers";

// The API reference: the app's own OpenAPI document rendered by the bundled
// Swagger UI, with nothing fetched from another origin and no CSP violation
// (the fixture fails the test on one).

test("the API docs render every documented operation from the app's own document, offline", async ({ page }) => {
  const elsewhere: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(BASE_URL) && !/^(data|blob):/.test(r.url())) elsewhere.push(r.url());
  });
  const spec = await (await page.request.get("/api/openapi.json")).json();
  const operations = Object.values(spec.paths as Record<string, object>).reduce((n, ops) => n + Object.keys(ops).length, 0);
  expect(operations).toBeGreaterThan(30);

  await signedIn(page, DEMO.ops);
  await page.getByTestId("main-nav").getByRole("link", { name: "API" }).click();
  await expect(page).toHaveURL(/\/api-docs$/);
  const docs = page.getByTestId("api-docs");
  await expect(docs.locator(".opblock")).toHaveCount(operations);
  await expect(docs.locator(".opblock-summary-path").first()).toBeVisible();
  await expect(docs).toContainText("/api/v1/transactions");
  // an operation opens with its parameters and the example the schema test checks
  await docs.locator(".opblock-post", { hasText: "/api/v1/transactions" }).locator(".opblock-summary").click();
  await expect(docs.locator(".opblock.is-open")).toContainText("A1-20230930-0001");
  expect(elsewhere).toEqual([]);
});
