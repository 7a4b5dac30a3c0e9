import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, inject } from "vitest";
import { setBaseClock, setClock } from "../clock";
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
// ...and the gap between two sends too (its test: lib/domain/send-gap.test.ts).
process.env.SEND_MIN_GAP_MS ??= "0";
process.env.UPLOAD_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "chat-uploads-"));

// TEST_CLOCK_START=2028-02-29T12:00:00Z runs the suite as if it started then (the clock still moves):
// nothing in the domain may depend on today's date.
const clockStart = process.env.TEST_CLOCK_START;
if (clockStart) {
  const offset = Date.parse(clockStart) - Date.now();
  if (Number.isNaN(offset)) throw new Error(`TEST_CLOCK_START is not a date: ${clockStart}`);
  setBaseClock(() => new Date(Date.now() + offset));
}

// pg warns when a client is asked for a query while it runs one ("deprecated and will be removed in
// pg@9.0"). lib/db.ts's pool queues each client's queries (Prisma sends a transaction's relation
// loads at once), so this means a client from elsewhere, or that queue gone. Any such warning fails
// the test it came in (or the file, when it comes after the last test). Node emits a deprecation
// once per process, so the first offender fails and later ones hide behind it.
const overlappingQueries: string[] = [];
process.on("warning", (warning) => {
  if (warning.message.includes("already executing a query")) overlappingQueries.push(warning.stack ?? warning.message);
});
function failOnOverlappingQueries() {
  if (overlappingQueries.length === 0) return;
  const seen = overlappingQueries.splice(0);
  throw new Error(
    "pg: a query was sent to a client already executing one (lib/db.ts queues its pool's clients; await queries " +
      `one by one on any other client; NODE_OPTIONS=--trace-deprecation shows where):\n${seen.join("\n")}`,
  );
}

// a test that moved the domain clock leaves it where the next test expects it
afterEach(() => setClock());
afterEach(failOnOverlappingQueries);

afterAll(async () => {
  await disconnectDb();
  failOnOverlappingQueries();
});
