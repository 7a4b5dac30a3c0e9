import pg from "pg";
import type { TestProject } from "vitest/node";
import { openEmbeddedDatabase } from "../postgres/embedded";
import { applyMigrations } from "../postgres/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "pglite" | "postgres";
  }
}

/**
 * One migrated database for the run: an in-memory PGlite served over pglite-socket (default), or,
 * with TEST_DATABASE=postgres, a fresh database on the PostgreSQL that DATABASE_URL points at.
 */
export default async function setup(project: TestProject) {
  const kind = process.env.TEST_DATABASE === "postgres" ? "postgres" : "pglite";
  let url: string;
  let teardown: () => Promise<void>;
  if (kind === "postgres") {
    const base = process.env.DATABASE_URL;
    if (!base) throw new Error("TEST_DATABASE=postgres needs DATABASE_URL.");
    const name = `chat_unit_${Date.now()}_${process.pid}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const target = new URL(base);
    target.pathname = `/${name}`;
    url = target.toString();
    teardown = async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    };
  } else {
    const embedded = await openEmbeddedDatabase(null);
    url = embedded.url;
    teardown = embedded.close;
  }
  await applyMigrations(url);
  project.provide("databaseUrl", url);
  project.provide("databaseKind", kind);
  console.log(`[tests] database: ${kind}`);
  return teardown;
}
