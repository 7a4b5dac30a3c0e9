import { afterAll, inject } from "vitest";
import { disconnectDb } from "../db";

process.env.DATABASE_URL = inject("databaseUrl");
// PGlite serves one session: one connection per process, and test files run one at a time.
if (inject("databaseKind") === "pglite") process.env.DATABASE_POOL_SIZE = "1";
process.env.NEXTAUTH_SECRET ??= "test-secret-only-for-the-test-suite";

afterAll(async () => {
  await disconnectDb();
});
