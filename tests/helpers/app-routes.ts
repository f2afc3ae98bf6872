import fs from "node:fs";
import path from "node:path";

/** Every (method, route) the app serves, from the files in app/: "GET /districts", "POST /api/admin/users/[id]". */
export function appRoutes(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      const route = "/" + path.relative("app", dir).split(path.sep).filter((s) => s && !s.startsWith("(")).join("/");
      const clean = route === "/" ? "/" : route.replace(/\/$/, "");
      if (e.name === "page.tsx") out.push(`GET ${clean}`);
      if (e.name === "route.ts") {
        const src = fs.readFileSync(full, "utf8");
        for (const m of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
          if (new RegExp(`export (const|async function) ${m}\\b|as ${m}\\b`).test(src)) out.push(`${m} ${clean}`);
        }
      }
    }
  };
  walk("app");
  return out.sort();
}
