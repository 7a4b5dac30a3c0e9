// Creates or drops a scratch database next to the one DATABASE_URL names; prints its URL.
//   tsx scripts/test-db.ts create <name> | drop <name>
import pg from "pg";

async function main() {
  const [command, name] = process.argv.slice(2);
  const base = process.env.DATABASE_URL;
  if (!base || !name || !/^[a-z0-9_]+$/.test(name))
    throw new Error("usage: DATABASE_URL=… test-db.ts create|drop <name>");
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    if (command === "create") {
      await admin.query(`CREATE DATABASE "${name}"`);
      const url = new URL(base);
      url.pathname = `/${name}`;
      console.log(url.toString());
    }
  } finally {
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
