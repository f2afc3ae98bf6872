import { expect, test } from "./fixtures";
import { ALL_DAYS, DEMO, signedIn } from "./helpers";
import { ROLE_PAGES, openSettled } from "./pages";
import type { Page } from "@playwright/test";

// Every widget on every page fits its panel at the two widths analysts use (a laptop and a
// half-screen window): a table or chart either fits, or scrolls inside its own .table-scroll box
// with the first column sticky; the page itself never scrolls sideways. Lines and areas are
// straight segments between buckets (a smoothed curve invents values between days).

/** What does not fit, as readable lines ("[testid]: content 1,340 px in a 1,180 px panel"). */
function misfits(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const vw = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > vw + 1) bad.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px in ${vw} px`);
    for (const panel of document.querySelectorAll<HTMLElement>(".panel")) {
      const name = panel.dataset.testid ?? panel.querySelector("h2, h3")?.textContent ?? panel.className;
      if (panel.scrollWidth > panel.clientWidth + 1) bad.push(`${name}: content ${panel.scrollWidth} px in a ${panel.clientWidth} px panel`);
      const box = panel.getBoundingClientRect();
      if (box.right > vw + 1) bad.push(`${name}: the panel ends at ${Math.round(box.right)} px, past the ${vw} px window`);
      for (const s of panel.querySelectorAll<HTMLElement>(".table-scroll")) {
        const first = s.querySelector("tbody td");
        if (s.scrollWidth > s.clientWidth + 1 && first && getComputedStyle(first).position !== "sticky") {
          bad.push(`${name}: its table scrolls without a sticky first column`);
        }
      }
    }
    return bad;
  });
}

/** Line and area paths with curve commands (C, Q, S) instead of straight segments. */
function smoothed(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<SVGPathElement>("path.recharts-curve")]
      .filter((p) => /[CQS]/.test(p.getAttribute("d") ?? ""))
      .map((p) => p.closest<HTMLElement>(".panel")?.dataset.testid ?? "a chart"),
  );
}

for (const width of [1280, 900]) {
  // the district-limited official sees the same pages as the official
  for (const { who, paths } of ROLE_PAGES.filter((r) => r.role !== "official-xihu")) {
    test(`every widget fits its panel at ${width} px for ${who}, and series are straight segments`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await signedIn(page, who);
      for (const path of paths) {
        await openSettled(page, path);
        expect(await misfits(page), `${path} at ${width} px`).toEqual([]);
        expect(await smoothed(page), `${path}: smoothed curves`).toEqual([]);
      }
    });
  }
}

test("the failure rate draws the five worst wallets and the others, and a legend click shows one alone", async ({ page }) => {
  await signedIn(page, DEMO.ops);
  await page.goto(`/operations?${ALL_DAYS}`);
  const chart = page.getByTestId("failure-rate");
  await expect(chart.locator(".recharts-legend-item")).toHaveCount(6);
  await expect(chart.locator(".recharts-legend-item").last()).toHaveText("Other wallets");
  await expect(chart.locator("path.recharts-line-curve")).toHaveCount(6);
  await chart.locator(".recharts-legend-item").first().click();
  await expect(chart.locator("path.recharts-line-curve")).toHaveCount(1);
  await chart.locator(".recharts-legend-item").first().click();
  await expect(chart.locator("path.recharts-line-curve")).toHaveCount(6);
});
