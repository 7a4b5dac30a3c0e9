import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { embeddedInstanceCount } from "@/lib/postgres/instances";

/**
 * Liveness for a load balancer: `{ ok: true }` once the database answers. With HEALTH_DETAILS=true
 * (the e2e servers) also the process, the database kind and the PGlite instances it holds: facts
 * a stranger should not learn.
 */
export async function GET() {
  await db.$queryRaw`SELECT 1`;
  if (process.env.HEALTH_DETAILS !== "true") return NextResponse.json({ ok: true });
  return NextResponse.json({
    ok: true,
    pid: process.pid,
    database: process.env.DATABASE_KIND ?? "postgresql",
    pgliteInstances: embeddedInstanceCount(),
  });
}
