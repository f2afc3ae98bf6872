// PostgreSQL's text types cannot hold U+0000, and a lone UTF-16 surrogate is
// not Unicode at all (Node would silently store U+FFFD in its place). Every
// API checks its input for both before anything else, so such text is a 422
// that names the field, never a 500 from inside the database.

export interface TextProblem {
  /** where in the value: "merchantId", "rows.3.name", "(key) a\u0000b" */
  path: string;
  reason: string;
}

const MAX_PROBLEMS = 20;
// without the u flag the pattern sees UTF-16 code units, so it can tell a pair from a lone half
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function textProblem(s: string): string | null {
  if (s.includes("\u0000")) return "contains a NUL character (U+0000), which PostgreSQL cannot store";
  if (LONE_SURROGATE.test(s)) return "contains an unpaired UTF-16 surrogate, which is not valid Unicode";
  return null;
}

/** Every string (and object key) in a JSON-like value that PostgreSQL could not store, with its path. */
export function unstorableText(value: unknown, path: string[] = []): TextProblem[] {
  const out: TextProblem[] = [];
  const visit = (v: unknown, at: string[]) => {
    if (out.length >= MAX_PROBLEMS) return;
    if (typeof v === "string") {
      const reason = textProblem(v);
      if (reason) out.push({ path: at.join(".") || "(value)", reason });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, [...at, String(i)]));
    } else if (v !== null && typeof v === "object") {
      for (const [k, item] of Object.entries(v)) {
        const reason = textProblem(k);
        if (reason) out.push({ path: [...at, "(key)"].join("."), reason: `a field name ${reason}` });
        else visit(item, [...at, k]);
      }
    }
  };
  visit(value, path);
  return out;
}
