import pg from "pg";

// Placing tables on a Citus cluster (distributed PostgreSQL). The same schema and
// migrations serve every backend; on Citus one more step after the migrations
// distributes the large tables across the workers, copies the small ones to
// every node as reference tables, and leaves the rest on the coordinator.

/** Where one table lives on Citus. */
export type Placement =
  /** hash-distributed by `column`, its shards beside those of the other tables in its `group` */
  | { distributeBy: string; group: string }
  /** a full copy on every node: small tables joined with anything */
  | "reference"
  /** on the coordinator only: app state never joined with distributed tables */
  | "local";

export type PlacementPlan = Record<string, Placement>;

export async function isCitus(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query(`SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS citus`);
  return rows[0]?.citus === true;
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
    // The coordinator holds a copy of every reference table, and Citus reads it in-process ("local
    // execution"); a transaction that did so may not then send parallel commands to the workers, which
    // a fold pass or a rebuild does. Off for the database, so every connection of the app has it off.
    await client.query(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET citus.enable_local_execution = off', current_database()); END $$`);
    // A session keeps at most this many connections per worker between transactions; every multi-shard
    // statement uses one per shard, and opening them again each transaction cost a 200-row insert 1 s
    // instead of 50-100 ms with 32 shards on the 2-core test machine. One per shard of a worker.
    const [{ workers } = { workers: 1 }] = (
      await client.query<{ workers: number }>(`SELECT greatest(count(*), 1)::integer AS workers FROM pg_dist_node WHERE shouldhaveshards AND noderole = 'primary'`)
    ).rows;
    const cached = Math.min(32, Math.ceil(opts.shardCount / workers));
    await client.query(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET citus.max_cached_conns_per_worker = ${cached}', current_database()); END $$`);
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

const citusOf = new WeakMap<object, Promise<boolean>>();

/** Whether a client's database is a Citus coordinator: asked once per client. */
export function onCitus(db: { $queryRawUnsafe<T>(q: string): Promise<T> }): Promise<boolean> {
  let known = citusOf.get(db);
  if (!known) {
    known = db
      .$queryRawUnsafe<{ citus: boolean }[]>(`SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS citus`)
      .then((r) => r[0]?.citus === true);
    citusOf.set(db, known);
  }
  return known;
}
