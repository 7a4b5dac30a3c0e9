import { defineConfig } from "prisma/config";

// The Prisma CLI tries to download a native schema engine on every command and fails offline.
// Pointing it at a command that exits non-zero keeps `generate`, `validate` and `format` working;
// migrations run through scripts/migrate.ts (schema-engine-wasm) instead.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
});
