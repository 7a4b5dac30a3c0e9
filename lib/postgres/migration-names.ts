import fs from "node:fs";
import path from "node:path";

export const migrationsDir = path.join(process.cwd(), "prisma/migrations");

/** The migrations in prisma/migrations, oldest first (their folder names). */
export function migrationNames(): string[] {
  return fs.existsSync(migrationsDir)
    ? fs
        .readdirSync(migrationsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
}
