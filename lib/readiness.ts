import { db } from "./db";
import { migrationNames } from "./postgres/migration-names";
import { connectRedis } from "./realtime/redis";
import { processSingleton } from "./singletons";

type Check = "ok" | "not configured" | string;
export type Readiness = { ok: boolean; checks: { database: Check; migrations: Check; redis: Check } };

const CHECK_TIMEOUT_MS = 2_000;

const within = <T>(work: Promise<T>, what: string) =>
  Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer in time`)), CHECK_TIMEOUT_MS).unref(),
    ),
  ]);

const failed = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 200) || "failed";

/**
 * Whether this process should take traffic (a load balancer's readiness probe): the database
 * answers, every migration in prisma/migrations is applied, and Redis answers when REDIS_URL is set.
 */
export async function readiness(): Promise<Readiness> {
  const database = await within(db.$queryRaw`SELECT 1`, "the database").then(() => "ok", failed);
  const migrations =
    database !== "ok"
      ? "unknown: the database did not answer"
      : await within(pendingMigrations(), "the migrations table").then(
          (pending) => (pending.length ? `pending: ${pending.join(", ")}` : "ok"),
          failed,
        );
  const redis = process.env.REDIS_URL
    ? await within(processSingleton("readinessRedis", connectRedis)!.ping(), "Redis").then(() => "ok", failed)
    : "not configured";
  return {
    ok: database === "ok" && migrations === "ok" && (redis === "ok" || redis === "not configured"),
    checks: { database, migrations, redis },
  };
}

async function pendingMigrations(): Promise<string[]> {
  const applied = await db.$queryRaw<{ migration_name: string }[]>`
    SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`;
  const done = new Set(applied.map((row) => row.migration_name));
  return migrationNames().filter((name) => !done.has(name));
}
