import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { messages } from "@/lib/i18n/messages";

// The dictionaries: TypeScript already requires Chinese to have every English
// key; these catch what types cannot (an English string pasted into the Chinese
// dictionary, a placeholder lost in translation) and components that write UI
// text of their own instead of taking it from the dictionary.

type Tree = { [key: string]: string | Tree };
const leaves = (t: Tree, prefix = ""): [string, string][] =>
  Object.entries(t).flatMap(([k, v]) => (typeof v === "string" ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));

const en = new Map(leaves(messages.en as unknown as Tree));
const zh = new Map(leaves(messages.zh as unknown as Tree));
// strings that are the same in both languages by nature: units and symbols, the other language's own name
const SAME = new Set(["admin.rules.units.%", "language", "nav.apiDocs"]);

describe("dictionaries", () => {
  it("have the same keys", () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
  });

  it("Chinese strings are Chinese: each has a Han character, unless it is a unit or a symbol", () => {
    // placeholders are filled with names and figures, so they do not count either way
    const words = (v: string) => v.replace(/\{\w+\}/g, "");
    const english = [...zh].filter(([k, v]) => !SAME.has(k) && /[A-Za-z]{3,}/.test(words(v)) && !/[\u4e00-\u9fff]/.test(words(v)));
    expect(english).toEqual([]);
    const untranslated = [...zh].filter(([k, v]) => !SAME.has(k) && v === en.get(k) && /[A-Za-z]/.test(v));
    expect(untranslated).toEqual([]);
  });

  it("keep every {placeholder}", () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const lost = [...en].filter(([k, v]) => names(v).join() !== names(zh.get(k)!).join()).map(([k]) => k);
    expect(lost).toEqual([]);
  });
});

describe("components of the alerts and administration pages", () => {
  // every visible word there comes from the dictionary: a JSX text child or a
  // label/placeholder/title/aria-label attribute written as English in the source fails
  const files = ["components/alerts", "components/admin", "app/alerts", "app/admin", "app/admin/reports"].flatMap((dir) =>
    fs.readdirSync(dir).filter((f) => f.endsWith(".tsx")).map((f) => path.join(dir, f)));

  it.each(files)("%s has no English UI text of its own", (file) => {
    const source = fs.readFileSync(file, "utf8");
    const text = [...source.matchAll(/>\s*([A-Za-z][A-Za-z ,.'’()-]{2,})\s*</g)].map((m) => m[1]!.trim());
    const attrs = [...source.matchAll(/(?:placeholder|aria-label|title|label)="([^"]*[A-Za-z]{3,}[^"]*)"/g)].map((m) => m[1]!);
    // codes (CSV, XLSX), a URL as an example, and the name of each language in itself stay as they are
    expect([...text, ...attrs].filter((w) => !/^[A-Z0-9]+$/.test(w) && !/^https?:\/\//.test(w) && w !== "English")).toEqual([]);
  });
});
