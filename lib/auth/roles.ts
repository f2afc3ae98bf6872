import { z } from "zod";

// Roles and what each may see; shared by server and client (navigation).

export const ROLES = ["OFFICIAL", "OPS", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

/** Each role sees what the one before it sees, and more. */
const RANK: Record<Role, number> = { OFFICIAL: 0, OPS: 1, ADMIN: 2 };

export const atLeast = (role: Role, min: Role) => RANK[role] >= RANK[min];

/** The signed-in person as every check sees them; loaded from the database on each request. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** empty: every district */
  districts: string[];
}

/** Officials see aggregates only, and small cells suppressed. */
export const isSuppressed = (user: Pick<SessionUser, "role">) => user.role === "OFFICIAL";
