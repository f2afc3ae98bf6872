import { describe, expect, it } from "vitest";
import { bareStatements, copiesFromClient } from "@/lib/db/sql-scan";

describe("copiesFromClient", () => {
  it.each([
    ["COPY merchants FROM STDIN csv header", true],
    ["  copy merchants (id, name)\n from\tstdin", true],
    ["/* psql */ COPY m FROM STDIN", true],
    ["-- load\nCOPY m FROM STDIN WITH (FORMAT csv)", true],
    ["SELECT 1; COPY m FROM STDIN", true],
    ["COPY m TO STDOUT", false],
    ["COPY (SELECT 1) TO STDOUT", false],
    ["COPY m FROM '/dev/blob'", false],
    ["SELECT 'COPY m FROM STDIN'", false],
    ["SELECT $$COPY m FROM STDIN$$", false],
    ["SELECT $tag$; COPY m FROM STDIN $tag$", false],
    ['SELECT "copy" FROM stdin_table', false],
    ["/* COPY m FROM STDIN */ SELECT 1", false],
    ["/* nested /* COPY m FROM STDIN */ */ SELECT 1", false],
    ["SELECT 'it''s; COPY m FROM STDIN'", false],
    ["INSERT INTO t VALUES ('copy'); SELECT stdin FROM x", false],
  ])("%s -> %s", (sql, expected) => {
    expect(copiesFromClient(sql)).toBe(expected);
  });

  it("splits statements outside quotes and comments", () => {
    expect(bareStatements("SELECT ';'; -- x;y\nSELECT 2;")).toEqual(["SELECT  x", "SELECT 2"]);
  });
});
