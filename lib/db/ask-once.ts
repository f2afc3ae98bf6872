type Asker = { $queryRawUnsafe<T>(query: string): Promise<T> };

/**
 * A yes-or-no question about a client's database (`sql` answers in a column named `yes`), asked
 * once per client: what the server is cannot change while the client is open.
 */
export function askOnce(sql: string): (db: Asker) => Promise<boolean> {
  const answers = new WeakMap<object, Promise<boolean>>();
  return (db) => {
    let known = answers.get(db);
    if (!known) {
      known = db.$queryRawUnsafe<{ yes: boolean }[]>(sql).then((r) => r[0]?.yes === true);
      answers.set(db, known);
    }
    return known;
  };
}
