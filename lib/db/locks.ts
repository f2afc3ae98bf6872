// Advisory lock keys are per database; a key named after the schema too keeps two stores in one
// database apart (each Citus test file gets a schema of its own in the cluster's one database).

/** SQL for an int4 advisory lock key: `name` within the current schema. */
export const lockKey = (name: string) => `hashtext(current_schema() || '/${name}')`;
