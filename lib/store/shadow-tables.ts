import "server-only";
import type { Sql } from "../db/client";
import { hasSqlState, SQLSTATE } from "../db/errors";

// A rebuild on PostgreSQL fills a new table beside each derived table (its shadow), builds the
// indexes once over the finished rows (far cheaper than keeping them up row by row) and then
// swaps every shadow in for its table in one short transaction: readers see the old tables
// until that commit and the new ones after, never a half-built one, and never wait for the fill.

export const shadowName = (table: string) => `${table}__rebuild`;

export interface Shadow {
  table: string;
  /** each index built on the shadow under a name of its own, renamed to the table's at the swap */
  indexes: { built: string; name: string; constraint: string | null }[];
}

/** An empty shadow of `table`: its columns, defaults, checks and storage, no indexes (a crashed rebuild's is dropped first). */
export async function createShadow(tx: Sql, table: string): Promise<void> {
  await tx.$executeRawUnsafe(`DROP TABLE IF EXISTS ${shadowName(table)}`);
  await tx.$executeRawUnsafe(`CREATE TABLE ${shadowName(table)} (LIKE ${table} INCLUDING ALL EXCLUDING INDEXES)`);
}

const INDEX_DEF = /^CREATE (UNIQUE )?INDEX \S+ ON (?:ONLY )?\S+ USING /;

/** Builds every index and key constraint of `table` on its filled shadow, then its statistics. */
export async function indexShadow(tx: Sql, table: string): Promise<Shadow> {
  const rows = await tx.$queryRawUnsafe<{ name: string; def: string; constraint: string | null; kind: string | null }[]>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def, con.conname AS constraint, con.contype::text AS kind
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
     WHERE i.indrelid = $1::regclass ORDER BY c.relname`,
    table,
  );
  const shadow = shadowName(table);
  const indexes: Shadow["indexes"] = [];
  for (const [i, r] of rows.entries()) {
    if (!INDEX_DEF.test(r.def)) throw new Error(`cannot rebuild index ${r.name} of ${table}: unexpected definition ${r.def}`);
    const built = `${table}__rb${i}`;
    await tx.$executeRawUnsafe(r.def.replace(INDEX_DEF, (_m, unique?: string) => `CREATE ${unique ?? ""}INDEX ${built} ON ${shadow} USING `));
    if (r.constraint) {
      const kind = r.kind === "p" ? "PRIMARY KEY" : r.kind === "u" ? "UNIQUE" : null;
      if (!kind) throw new Error(`cannot rebuild constraint ${r.constraint} of ${table} (type ${r.kind})`);
      await tx.$executeRawUnsafe(`ALTER TABLE ${shadow} ADD CONSTRAINT ${built} ${kind} USING INDEX ${built}`);
    }
    indexes.push({ built, name: r.name, constraint: r.constraint });
  }
  await tx.$executeRawUnsafe(`ANALYZE ${shadow}`);
  return { table, indexes };
}

/**
 * Takes every table for the swap at once. A reader inside a transaction that holds one of them
 * and waits for another would deadlock with a lock taken table by table; on a timeout or a lost
 * deadlock the attempt is undone to a savepoint (the rebuild's snapshot and work stay) and retried.
 */
async function lockAll(tx: Sql, tables: string[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await tx.$executeRawUnsafe(`SAVEPOINT swap_locks`);
    try {
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '10s'`);
      await tx.$executeRawUnsafe(`LOCK TABLE ${tables.join(", ")} IN ACCESS EXCLUSIVE MODE`);
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = 0`);
      await tx.$executeRawUnsafe(`RELEASE SAVEPOINT swap_locks`);
      return;
    } catch (err) {
      await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT swap_locks`);
      if (attempt >= 5 || !hasSqlState(err, SQLSTATE.lockTimeout, SQLSTATE.deadlock)) throw err;
    }
  }
}

/** Replaces each table by its shadow, under the table's own index, constraint and sequence names. */
export async function swapShadows(tx: Sql, shadows: Shadow[]): Promise<void> {
  await lockAll(tx, shadows.map((s) => s.table));
  for (const { table, indexes } of shadows) {
    // a serial column's sequence belongs to the old table and would go with it
    const owned = await tx.$queryRawUnsafe<{ seq: string; col: string }[]>(
      `SELECT s.relname AS seq, a.attname AS col FROM pg_depend d
       JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
       JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
       WHERE d.refobjid = $1::regclass AND d.deptype = 'a'`,
      table,
    );
    for (const { seq, col } of owned) await tx.$executeRawUnsafe(`ALTER SEQUENCE ${seq} OWNED BY ${shadowName(table)}.${col}`);
    await tx.$executeRawUnsafe(`DROP TABLE ${table}`);
    await tx.$executeRawUnsafe(`ALTER TABLE ${shadowName(table)} RENAME TO ${table}`);
    for (const { built, name, constraint } of indexes) {
      // renaming a key constraint renames its index with it
      await tx.$executeRawUnsafe(constraint ? `ALTER TABLE ${table} RENAME CONSTRAINT ${built} TO ${constraint}` : `ALTER INDEX ${built} RENAME TO ${name}`);
    }
  }
}

/** Drops what a failed rebuild left (shadows its builders committed before the swap failed). */
export async function dropShadows(db: Sql, tables: string[]): Promise<void> {
  await db.$executeRawUnsafe(`DROP TABLE IF EXISTS ${tables.map(shadowName).join(", ")}`);
}
