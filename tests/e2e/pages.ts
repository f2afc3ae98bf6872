import { DEMO } from "./helpers";

/** Every page each demo role may open (the access matrix says who may open what). */
export const ROLE_PAGES: { role: string; who: string; paths: string[] }[] = [
  { role: "official", who: DEMO.official, paths: ["/", "/districts", "/fx"] },
  { role: "official-xihu", who: DEMO.xihu, paths: ["/", "/districts", "/fx"] },
  { role: "ops", who: DEMO.ops, paths: ["/", "/districts", "/fx", "/operations", "/transactions", "/alerts"] },
  { role: "admin", who: DEMO.admin, paths: ["/admin", "/admin/reports"] },
];

/** Dashboard pages open on the whole simulated period; the others take no filter. */
export const withRange = (path: string, range: string) => (path.startsWith("/admin") || path === "/alerts" ? path : `${path}?${range}`);
