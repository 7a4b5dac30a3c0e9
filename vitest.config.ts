import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.{ts,tsx}", "server.test.ts"],
    // Several app processes share one database: PostgreSQL only (the embedded one serves one process).
    exclude: ["**/node_modules/**", ...(process.env.TEST_DATABASE === "postgres" ? [] : ["**/*.cluster.test.ts"])],
    globalSetup: ["lib/testing/global-setup.ts"],
    setupFiles: ["lib/testing/setup.ts"],
    pool: "forks",
    // The embedded database is one PGlite session: files share it one at a time.
    fileParallelism: process.env.TEST_DATABASE === "postgres",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
