import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { disconnectDb } from "../db";
import { stopUsage } from "../domain/usage";
import { openEmbeddedDatabase } from "../postgres/embedded";
import { applyMigrations } from "../postgres/migrate";

/**
 * For test files that change app-wide state (the plan, "the first account"): a fresh, migrated,
 * empty database of the same kind for this file alone, so files running beside it on PostgreSQL
 * never see its settings. Call at the top of the file, before anything touches the database.
 */
export function useOwnDatabase() {
  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    await disconnectDb();
    if (inject("databaseKind") === "pglite") {
      const embedded = await openEmbeddedDatabase(null);
      process.env.DATABASE_URL = embedded.url;
      close = embedded.close;
    } else {
      const shared = new URL(inject("databaseUrl"));
      const name = `${shared.pathname.slice(1)}_own_${process.pid}`;
      const admin = new pg.Client({ connectionString: inject("databaseUrl") });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const own = new URL(shared);
      own.pathname = `/${name}`;
      process.env.DATABASE_URL = own.toString();
      close = async () => {
        const client = new pg.Client({ connectionString: inject("databaseUrl") });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.end();
      };
    }
    await applyMigrations(process.env.DATABASE_URL!);
  });
  afterAll(async () => {
    // no usage flush may open a connection to this database while it closes
    await stopUsage();
    await disconnectDb();
    await close();
    process.env.DATABASE_URL = inject("databaseUrl");
  });
}
