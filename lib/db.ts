import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { processSlot } from "./singletons";

export type { Prisma } from "./generated/prisma/client";

/**
 * One connection pool and one PrismaClient over it per process (a process singleton: Next
 * evaluates server modules in several chunks). Always PostgreSQL's wire protocol: server.ts sets
 * DATABASE_URL to the embedded database it serves when none is configured. Created on first use,
 * so `next build` needs no database.
 *
 * The embedded database runs every connection in one PGlite session and interleaves their protocol
 * messages, so concurrent connections can corrupt each other's statements: server.ts sets
 * DATABASE_POOL_SIZE=1 for it, and the pool serializes queries instead.
 */
const current = processSlot<{ pool: pg.Pool; prisma: PrismaClient }>("database");

/**
 * A pg client that runs one query at a time and queues the rest itself. Prisma's query interpreter
 * loads the relations of an `include` (or a relation `select`) with Promise.all, inside a
 * transaction too, where they all go to the transaction's single client: a write with two or more
 * included relations does that inside Prisma's own transaction (postSystemMessage, editMessage,
 * deleteMessage, sendAttachment with messageInclude; createInvitation with invitationInclude;
 * setCommunityDisabled with adminSelect), and so does any such read inside `db.$transaction`. Domain
 * code cannot await those one by one. pg ≥ 8.19 warns "Calling client.query() when the client is
 * already executing a query is deprecated and will be removed in pg@9.0": this queue is the
 * "external async flow control" it asks for, and keeps each query's order. lib/db.test.ts checks
 * that no client ever has two queries in flight; lib/testing/setup.ts fails any test on the warning.
 * Upstream: prisma/orm#29407 (fix PRs #29468 and #29979 not released as of @prisma/adapter-pg 7.10);
 * drop this class once the adapter serializes them itself.
 *
 * Only promise-style calls are queued (Prisma's adapter, usage.ts's transaction). Callback calls
 * (pg-pool's pool.query, on a client it checked out for that one query) and submittables (cursors)
 * go straight through.
 */
class OneQueryAtATimeClient extends pg.Client {
  #tail: Promise<unknown> = Promise.resolve();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- forwards every overload of pg's query() (typed loosely on purpose)
  override query(...args: any[]): any {
    const run = () => Reflect.apply(super.query, this, args);
    if (typeof args[args.length - 1] === "function" || typeof args[0]?.submit === "function") return run();
    const result = this.#tail.then(run);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

function database() {
  return current.getOrCreate(() => {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set (start the app through server.ts).");
    const pool = new pg.Pool({
      connectionString,
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      Client: OneQueryAtATimeClient,
    });
    return { pool, prisma: new PrismaClient({ adapter: new PrismaPg(pool) }) };
  });
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

/** A LIKE pattern matching what starts with `text` (its %, _ and \\ taken literally). */
export const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Closes the pool and waits until every connection is gone (pg's end() resolves before they are),
 * at most 5 s: a connection that never opened (its server already gone) is dropped without a
 * "remove" event, and must not hold up the shutdown.
 */
export async function disconnectDb() {
  const open = current.take();
  if (!open) return;
  const { pool, prisma } = open;
  const connections = pool.totalCount;
  let removed = 0;
  let timer: NodeJS.Timeout | undefined;
  const gone = new Promise<void>((resolve) => {
    if (connections === 0) return resolve();
    pool.on("remove", () => {
      if (++removed >= connections) resolve();
    });
    timer = setTimeout(resolve, 5_000);
  });
  await prisma.$disconnect();
  await pool.end();
  await gone;
  clearTimeout(timer);
}
