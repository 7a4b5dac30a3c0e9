import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";

/**
 * Migrations through @prisma/schema-engine-wasm and the pg driver adapter: the Prisma CLI cannot
 * download its native engine here. Produces the same folder layout and `_prisma_migrations`
 * table as `prisma migrate`, so a machine with internet can still use the CLI.
 */
const root = process.cwd();
export const migrationsDir = path.join(root, "prisma/migrations");
const schemaPath = path.join(root, "prisma/schema.prisma");
const lockfileName = "migration_lock.toml";
const filters = { externalTables: [], externalEnums: [] };

async function loadEngineModule() {
  const require = createRequire(import.meta.url);
  const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = fs.readFileSync(path.join(path.dirname(bgPath), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue as never });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  return glue;
}

let enginePromise: ReturnType<typeof loadEngineModule> | undefined;

/** The pg adapter, minus the shadow database it would make with CREATE DATABASE (PGlite has none). */
class AdapterWithoutShadow extends PrismaPg {
  constructor(url: string) {
    super({ connectionString: url, max: 1 });
  }
  override async connectToShadowDb(): Promise<never> {
    throw new Error("These migrate commands never need a shadow database.");
  }
}

export async function withEngine<T>(url: string, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  enginePromise ??= loadEngineModule();
  const glue = await enginePromise;
  const schema = fs.readFileSync(schemaPath, "utf8");
  const factory = bindMigrationAwareSqlAdapterFactory(new AdapterWithoutShadow(url));
  const log = (message: string) => {
    if (process.env.MIGRATE_DEBUG) console.error(message);
  };
  const engine = await glue.SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, log, factory);
  try {
    return await run(engine);
  } finally {
    engine.free();
  }
}

export function readMigrations(): MigrationList {
  const dirs = fs.existsSync(migrationsDir)
    ? fs
        .readdirSync(migrationsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  const lockPath = path.join(migrationsDir, lockfileName);
  return {
    baseDir: migrationsDir,
    lockfile: { path: lockfileName, content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: fs.readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

/** `prisma migrate deploy`: applies pending migrations; returns the names applied. */
export async function applyMigrations(url: string): Promise<string[]> {
  return withEngine(url, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList: readMigrations(), filters });
    return result.appliedMigrationNames;
  });
}

/** `prisma migrate reset` without the seed: drops everything, then applies all migrations. */
export async function resetDatabase(url: string): Promise<string[]> {
  await withEngine(url, (engine) => engine.reset({ filter: filters }));
  return applyMigrations(url);
}

/**
 * `prisma migrate dev --create-only`: applies the migrations folder to a scratch database, then
 * writes the difference between that database and schema.prisma as a new migration.
 */
export async function createMigration(scratchUrl: string, name: string): Promise<string | null> {
  return withEngine(scratchUrl, async (engine) => {
    await engine.applyMigrations({ migrationsList: readMigrations(), filters });
    const files = [{ path: schemaPath, content: fs.readFileSync(schemaPath, "utf8") }];
    const { stdout } = await engine.diff({
      from: { tag: "schemaDatasource", files, configDir: root },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: null,
      filters,
    });
    if (!stdout || !/\b(CREATE|ALTER|DROP)\b/.test(stdout)) return null;
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const folder = `${stamp}_${name.replace(/[^a-zA-Z0-9_]/g, "_")}`;
    fs.mkdirSync(path.join(migrationsDir, folder), { recursive: true });
    fs.writeFileSync(path.join(migrationsDir, folder, "migration.sql"), stdout);
    fs.writeFileSync(
      path.join(migrationsDir, lockfileName),
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
    return folder;
  });
}
