import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { embeddedInstanceCount } from "@/lib/postgres/instances";

/** Liveness plus the facts a test needs: which database, and how many PGlite instances this process holds. */
export async function GET() {
  await db.$queryRaw`SELECT 1`;
  return NextResponse.json({
    ok: true,
    pid: process.pid,
    database: process.env.DATABASE_KIND ?? "postgresql",
    pgliteInstances: embeddedInstanceCount(),
  });
}
