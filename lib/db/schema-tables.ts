// The tables of the connection's own schema: what a step that vacuums or analyses may touch.
// Never the whole database: on a shared Citus test database a database-wide ANALYZE also visited
// other test files' schemas while they were dropped, and deadlocked with them.
export const SCHEMA_TABLES_SQL = `SELECT format('%I', relname) AS name FROM pg_class
  WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p') ORDER BY relname`;

/**
 * ANALYZE of every table of the current schema, one statement each: Citus refuses a reference
 * table after distributed ones in one ANALYZE ("there was a parallel operation on a distributed table").
 */
export async function analyzeSchema(query: (sql: string) => Promise<{ name: string }[]>): Promise<void> {
  for (const { name } of await query(SCHEMA_TABLES_SQL)) await query(`ANALYZE ${name}`);
}
