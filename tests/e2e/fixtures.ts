import { test as base, expect, type BrowserContext } from "@playwright/test";

// Every browser test fails on a Content Security Policy violation on any page
// it opened: the browser reports each one as a securitypolicyviolation event,
// which an init script (not subject to the page's CSP) forwards to the console.

const REPORT = `document.addEventListener("securitypolicyviolation", (e) =>
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber));`;

/** Starts collecting CSP violations in a context; the returned list fills as pages report them. */
export async function watchCsp(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.addInitScript(REPORT);
  context.on("console", (m) => {
    if (m.type() === "error" && /CSP violation|Content Security Policy/.test(m.text())) violations.push(`${m.page()?.url()}: ${m.text()}`);
  });
  return violations;
}

export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const violations = await watchCsp(context);
      await use(violations);
      expect(violations, "Content Security Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
