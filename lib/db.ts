import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export type { Prisma } from "./generated/prisma/client";

/**
 * One connection pool and one PrismaClient over it per process, kept on globalThis because Next
 * evaluates server modules in several chunks. Always PostgreSQL's wire protocol: server.ts sets
 * DATABASE_URL to the embedded database it serves when none is configured. Created on first use,
 * so `next build` needs no database.
 *
 * The embedded database runs every connection in one PGlite session and interleaves their protocol
 * messages, so concurrent connections can corrupt each other's statements: server.ts sets
 * DATABASE_POOL_SIZE=1 for it, and the pool serializes queries instead.
 */
const holder = globalThis as typeof globalThis & { __database?: { pool: pg.Pool; prisma: PrismaClient } };

function database() {
  if (!holder.__database) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set (start the app through server.ts).");
    const pool = new pg.Pool({ connectionString, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
    holder.__database = { pool, prisma: new PrismaClient({ adapter: new PrismaPg(pool) }) };
  }
  return holder.__database;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_, property) {
    const target = database().prisma;
    const value = Reflect.get(target, property);
    return typeof value === "function" ? value.bind(target) : value;
  },
});

/** The same pool for the few hot reads where Prisma's per-query cost matters (member list pages). */
export function sqlPool(): pg.Pool {
  return database().pool;
}

/**
 * A statement name for pg (planned once per connection), except on the embedded database, whose
 * connections share one session: there a name prepared by a closed connection would collide.
 */
export function statementName(name: string): string | undefined {
  return process.env.DATABASE_KIND === "embedded" ? undefined : name;
}

/** Closes the pool and waits until every connection is gone (pg's end() resolves before they are). */
export async function disconnectDb() {
  const current = holder.__database;
  holder.__database = undefined;
  if (!current) return;
  const { pool } = current;
  const open = pool.totalCount;
  let removed = 0;
  const gone = new Promise<void>((resolve) => {
    if (open === 0) return resolve();
    pool.on("remove", () => {
      if (++removed >= open) resolve();
    });
  });
  await current.prisma.$disconnect();
  await pool.end();
  await gone;
}
