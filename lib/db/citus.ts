import pg from "pg";
import { askOnce } from "./ask-once";

// Placing tables on a Citus cluster (distributed PostgreSQL). The same schema and
// migrations serve every backend; on Citus one more step after the migrations
// distributes the large tables across the workers, copies the small ones to
// every node as reference tables, and leaves the rest on the coordinator.

/** Where one table lives on Citus. */
export type Placement =
  /** hash-distributed by the column `distributeBy`, its shards beside those of the other tables in its `group` */
  | { distributeBy: string; group: string }
  /** a full copy on every node: small tables joined with anything */
  | "reference"
  /** on the coordinator only: app state never joined with distributed tables */
  | "local";

export type PlacementPlan = Record<string, Placement>;

const IS_CITUS_SQL = `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS yes`;

export async function isCitus(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ yes: boolean }>(IS_CITUS_SQL);
  return rows[0]?.yes === true;
}

/**
 * Two settings for every session of the app's database. The coordinator holds a copy of every
 * reference table, and Citus reads it in-process ("local execution"); a transaction that did so may
 * not then send parallel commands to the workers, which a fold pass or a rebuild does: off. And a
 * session keeps at most citus.max_cached_conns_per_worker connections per worker between
 * transactions, while every multi-shard statement uses one per shard: opening them again in each
 * transaction cost a 200-row insert 1 s instead of 50-100 ms with 32 shards on the 2-core test
 * machine, so one per shard of a worker. Written only when they differ, one process at a time
 * (concurrent ALTER DATABASE of the same setting can fail with "tuple concurrently updated").
 */
async function setDatabaseDefaults(client: pg.Client, shardCount: number): Promise<void> {
  const [{ workers } = { workers: 1 }] = (
    await client.query<{ workers: number }>(`SELECT greatest(count(*), 1)::integer AS workers FROM pg_dist_node WHERE shouldhaveshards AND noderole = 'primary'`)
  ).rows;
  const wanted: Record<string, string> = {
    "citus.enable_local_execution": "off",
    "citus.max_cached_conns_per_worker": String(Math.min(32, Math.ceil(shardCount / workers))),
  };
  // database-wide on purpose (not lockKey): the settings belong to the database, not to one schema
  await client.query(`SELECT pg_advisory_lock(hashtext('hpm/citus-database-settings'))`);
  try {
    for (const [name, value] of Object.entries(wanted)) {
      const { rows } = await client.query<{ value: string | null }>(
        `SELECT (SELECT split_part(c, '=', 2) FROM pg_db_role_setting s, unnest(s.setconfig) c
           WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database()) AND s.setrole = 0
             AND split_part(c, '=', 1) = $1) AS value`,
        [name],
      );
      if (rows[0]?.value === value) continue;
      await client.query(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET ${name} = ${value}', current_database()); END $$`);
    }
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtext('hpm/citus-database-settings'))`);
  }
}

/**
 * Applies a plan on a Citus database; does nothing elsewhere. Idempotent: a table already
 * placed is skipped, so it runs after every migration. Returns the tables placed now.
 */
export async function applyPlacement(url: string, plan: PlacementPlan, opts: { shardCount: number }): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (!(await isCitus(client))) return [];
    await setDatabaseDefaults(client, opts.shardCount);
    // placing a reference table that a local one refers to needs it, in this session only
    await client.query(`SET citus.enable_local_execution = on`);
    const { rows } = await client.query<{ table: string }>(
      `SELECT c.relname AS table FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid
       WHERE c.relnamespace = current_schema()::regnamespace`,
    );
    const placed = new Set(rows.map((r) => r.table));
    const done: string[] = [];
    // reference tables first: distributed ones may join them from the start
    for (const [table, p] of Object.entries(plan)) {
      if (p !== "reference" || placed.has(table)) continue;
      await client.query(`SELECT create_reference_table($1)`, [table]);
      done.push(table);
    }
    const leaders = new Map<string, string>();
    for (const [table, p] of Object.entries(plan)) {
      if (typeof p !== "object") continue;
      const leader = leaders.get(p.group);
      if (!leader) leaders.set(p.group, table);
      if (placed.has(table)) continue;
      // the first table of a group sets its shard count; the others follow its shards
      await client.query(
        leader
          ? `SELECT create_distributed_table($1, $2, colocate_with => $3)`
          : `SELECT create_distributed_table($1, $2, shard_count => $3::integer, colocate_with => 'none')`,
        [table, p.distributeBy, leader ?? opts.shardCount],
      );
      done.push(table);
    }
    return done;
  } finally {
    await client.end();
  }
}

/** Whether a client's database is a Citus coordinator: asked once per client. */
export const onCitus = askOnce(IS_CITUS_SQL);
