import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { hashPassword } from "../auth/passwords";
import type { Role } from "../auth/roles";
import type { Db } from "../db/client";

export interface DemoUser {
  email: string;
  password: string;
  role: Role;
  districts: string[];
  name: string;
}

const DEMO_USERS: Omit<DemoUser, "password">[] = [
  { email: "official@demo.hz", name: "City official", role: "OFFICIAL", districts: [] },
  { email: "xihu@demo.hz", name: "Xihu district official", role: "OFFICIAL", districts: ["xihu"] },
  { email: "ops@demo.hz", name: "Payment operations", role: "OPS", districts: [] },
  { email: "admin@demo.hz", name: "Administrator", role: "ADMIN", districts: [] },
];

/**
 * One user per role (and a district-scoped official) with random passwords,
 * kept beside the demo database in the git-ignored .data/ so they can be
 * printed on every start and read by the end-to-end tests.
 */
export async function demoUsers(db: Db, dir: string): Promise<DemoUser[]> {
  const file = path.join(dir, "demo-users.json");
  const saved: DemoUser[] = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : [];
  const out: DemoUser[] = [];
  for (const spec of DEMO_USERS) {
    const existing = await db.user.findUnique({ where: { email: spec.email } });
    const known = saved.find((u) => u.email === spec.email);
    if (existing && known) {
      out.push(known);
      continue;
    }
    const password = crypto.randomBytes(9).toString("base64url");
    const data = { name: spec.name, role: spec.role, districtCodes: spec.districts, passwordHash: await hashPassword(password), disabledAt: null };
    await db.user.upsert({ where: { email: spec.email }, create: { id: crypto.randomUUID(), email: spec.email, ...data }, update: data });
    out.push({ ...spec, password });
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(out, null, 2), { mode: 0o600 });
  return out;
}

/** The session-signing secret of this demo database, generated once (production sets NEXTAUTH_SECRET itself). */
export function demoAuthSecret(dir: string): string {
  const file = path.join(dir, "nextauth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const secret = crypto.randomBytes(48).toString("base64url");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
