// Just enough of PostgreSQL's lexer to split a query string into statements
// with comments, string literals, quoted identifiers and dollar-quoted bodies
// blanked out, so a keyword test cannot be fooled by text inside any of them.

/** The statements of `sql` with comments and quoted text replaced by spaces. */
export function bareStatements(sql: string): string[] {
  let out = "";
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "-" && next === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? n : end;
      out += " ";
    } else if (c === "/" && next === "*") {
      // block comments nest in PostgreSQL
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === "/" && sql[i + 1] === "*") {
          depth++;
          i += 2;
        } else if (sql[i] === "*" && sql[i + 1] === "/") {
          depth--;
          i += 2;
        } else i++;
      }
      out += " ";
    } else if (c === "'" || c === '"') {
      i++;
      while (i < n) {
        if (sql[i] === c && sql[i + 1] === c) i += 2;
        else if (sql[i] === c) break;
        // E'...' strings may escape the quote with a backslash; treating every backslash so is harmless here
        else if (c === "'" && sql[i] === "\\") i += 2;
        else i++;
      }
      i++;
      out += " x ";
    } else if (c === "$" && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(sql.slice(i))) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))![0];
      const end = sql.indexOf(tag, i + tag.length);
      i = end < 0 ? n : end + tag.length;
      out += " x ";
    } else {
      out += c;
      i++;
    }
  }
  return out.split(";").map((s) => s.trim()).filter(Boolean);
}

/**
 * True when the query string holds a COPY that reads from the client
 * (COPY ... FROM STDIN): the one statement PGlite's single session cannot
 * serve over a socket, since it reads the data from the same call.
 */
export function copiesFromClient(sql: string): boolean {
  return bareStatements(sql).some((s) => /^copy\b/i.test(s) && /\bfrom\s+stdin\b/i.test(s));
}
