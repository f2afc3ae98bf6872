import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;
/** The client inside an interactive transaction (`db.$transaction(async (tx) => …)`). */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** The one place a Prisma client is created; both backends speak the Postgres protocol. */
export function createDb(url: string, maxConnections: number): Db {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: maxConnections }),
  });
}
