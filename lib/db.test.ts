import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db, sqlPool } from "./db";
import { makeUser } from "./testing/factories";

/**
 * pg (≥ 8.19) deprecates asking a client for a query while it runs one, and pg@9 removes it. Prisma
 * does exactly that inside a transaction when it loads several included relations (Promise.all on
 * the transaction's one client), so lib/db.ts's pool queues each client's queries. These tests
 * watch pg's own Client.query and fail if a client ever has two queries in flight.
 * (lib/testing/setup.ts also fails any test on pg's warning, which comes only once per process.)
 */
const inFlight = new WeakMap<pg.Client, number>();
let mostAtOnce = 0;
const original = pg.Client.prototype.query;

beforeEach(() => {
  mostAtOnce = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const result = Reflect.apply(original, this, args);
    if (!(result instanceof Promise)) return result; // callback and submittable calls: pg-pool's pool.query
    const now = (inFlight.get(this) ?? 0) + 1;
    inFlight.set(this, now);
    mostAtOnce = Math.max(mostAtOnce, now);
    const done = () => inFlight.set(this, (inFlight.get(this) ?? 1) - 1);
    result.then(done, done);
    return result;
  } as typeof original;
});

afterEach(() => {
  pg.Client.prototype.query = original;
});

describe("one pg client runs one query at a time", () => {
  it("queries started together on a checked-out client run in turn, in order", async () => {
    const client = await sqlPool().connect();
    try {
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((n) => client.query<{ n: number }>("SELECT $1::int AS n, pg_sleep(0.01)", [n])),
      );
      expect(results.map((r) => r.rows[0].n)).toEqual([1, 2, 3, 4, 5]);
    } finally {
      client.release();
    }
    expect(mostAtOnce).toBe(1);
  });

  it("a failed query does not stop the ones queued behind it", async () => {
    const client = await sqlPool().connect();
    try {
      const [bad, good] = await Promise.allSettled([client.query("SELECT 1/0"), client.query("SELECT 2 AS n")]);
      expect(bad.status).toBe("rejected");
      expect(good.status === "fulfilled" && good.value.rows[0].n).toBe(2);
    } finally {
      client.release();
    }
    expect(mostAtOnce).toBe(1);
  });

  it("a write with several included relations (Prisma loads them at once inside its transaction)", async () => {
    const user = await makeUser("includes");
    const row = await db.user.update({
      where: { id: user.userId },
      data: { displayName: "Included" },
      include: { memberships: true, ownedCommunities: true, messages: true, sessions: true },
    });
    expect(row.displayName).toBe("Included");
    expect(mostAtOnce).toBe(1);
  });

  it("reads started together on `tx` inside db.$transaction", async () => {
    const user = await makeUser("together");
    const counts = await db.$transaction(async (tx) =>
      Promise.all([
        tx.user.count({ where: { id: user.userId } }),
        tx.member.count({ where: { userId: user.userId } }),
        tx.user.findUnique({
          where: { id: user.userId },
          include: { memberships: true, blocking: true, sessions: true },
        }),
      ]),
    );
    expect(counts[0]).toBe(1);
    expect(counts[2]?.id).toBe(user.userId);
    expect(mostAtOnce).toBe(1);
  });
});
