// Project migrate command (the Prisma CLI needs a native engine it cannot download here).
//   tsx scripts/migrate.ts deploy             apply pending migrations
//   tsx scripts/migrate.ts dev --name <name>  write a new migration from schema.prisma
//   tsx scripts/migrate.ts reset              drop everything and re-apply all migrations
// Target: DATABASE_URL, or the embedded database folder (only while the app is stopped).
import { applyMigrations, createMigration, resetDatabase } from "../lib/postgres/migrate";
import { defaultDataDir, openEmbeddedDatabase, type EmbeddedDatabase } from "../lib/postgres/embedded";

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const opened: EmbeddedDatabase[] = [];
  const open = async (dir: string | null) => {
    const db = await openEmbeddedDatabase(dir);
    opened.push(db);
    return db.url;
  };
  try {
    if (command === "dev") {
      const nameIndex = rest.indexOf("--name");
      const name = nameIndex >= 0 ? rest[nameIndex + 1] : "migration";
      // A scratch database in memory: the migration is the diff between the folder and the schema.
      const created = await createMigration(await open(null), name);
      console.log(created ? `Created prisma/migrations/${created}` : "Schema and migrations agree: nothing to create.");
    } else if (command === "deploy" || command === "reset") {
      const url = process.env.DATABASE_URL || (await open(defaultDataDir()));
      const applied = command === "reset" ? await resetDatabase(url) : await applyMigrations(url);
      console.log(applied.length ? `Applied: ${applied.join(", ")}` : "No pending migrations.");
    } else {
      console.error("usage: migrate deploy | dev --name <name> | reset");
      process.exitCode = 2;
    }
  } finally {
    for (const db of opened) await db.close();
  }
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  // The wasm engine keeps a timer alive for several seconds: exit explicitly.
  .finally(() => process.exit());
