import fs from "node:fs";
import { describe, expect, it } from "vitest";

// The docs name files, folders and npm scripts; a rename that leaves them
// behind fails here instead of misleading the next reader.

const DOCS = ["README.md", "DEVELOPERS.md", "bench/README.md", "docs/derived-store.md"].filter((f) => fs.existsSync(f));
const scripts = Object.keys(JSON.parse(fs.readFileSync("package.json", "utf8")).scripts as Record<string, string>);
// folders the docs name as outputs (screenshots, results) exist only once something wrote them: git ignores them
const ignored = fs.readFileSync(".gitignore", "utf8").split("\n").map((l) => l.trim().replace(/^\//, "")).filter((l) => l.endsWith("/"));
const isOutput = (p: string) => ignored.some((dir) => `${p}/`.startsWith(dir));

describe.each(DOCS)("%s", (doc) => {
  const text = fs.readFileSync(doc, "utf8");
  const code = [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);

  it("names only files and folders that exist", () => {
    const paths = code
      .map((c) => c.replace(/[:#].*$/, "").replace(/\/$/, ""))
      .filter((c) => /^(lib|app|components|tests|scripts|prisma|data|docs|bench)\/[\w.\-/[\]()]+$/.test(c) && !/[*<>]/.test(c));
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((p) => !isOutput(p) && !fs.existsSync(p))).toEqual([]);
  });

  it("names only npm scripts that exist", () => {
    const named = code.flatMap((c) => [...c.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!));
    expect(named.filter((s) => !scripts.includes(s))).toEqual([]);
  });
});

describe("configuration", () => {
  const vars = [...fs.readFileSync("lib/env.ts", "utf8").matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
  it("every variable lib/env.ts reads is in the README's table and in .env.example", () => {
    expect(vars.length).toBeGreaterThan(20);
    const readme = fs.readFileSync("README.md", "utf8");
    const example = fs.readFileSync(".env.example", "utf8");
    expect(vars.filter((v) => !readme.includes(`\`${v}\``))).toEqual([]);
    expect(vars.filter((v) => v !== "NODE_ENV" && !new RegExp(`^#? ?${v}=`, "m").test(example))).toEqual([]);
  });
});
