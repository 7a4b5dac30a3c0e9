import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { disconnectDb } from "../db";

process.env.DATABASE_URL = inject("databaseUrl");
// PGlite serves one session: one connection per process, and test files run one at a time.
if (inject("databaseKind") === "pglite") {
  process.env.DATABASE_POOL_SIZE = "1";
  process.env.DATABASE_KIND = "embedded";
}
process.env.NEXTAUTH_SECRET ??= "test-secret-only-for-the-test-suite";
// Tests write history in bulk; the send rate limit has its own test (lib/domain/rate-limits.test.ts).
process.env.SEND_RATE_LIMIT ??= "100000/1";
process.env.UPLOAD_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "chat-uploads-"));

afterAll(async () => {
  await disconnectDb();
});
