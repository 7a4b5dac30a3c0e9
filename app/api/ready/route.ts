import { NextResponse } from "next/server";
import { readiness } from "@/lib/readiness";

/** Readiness for a load balancer: 200 when the database, the migrations and Redis (if configured) are fine, else 503 saying which is not. */
export async function GET() {
  const ready = await readiness();
  return NextResponse.json(ready, { status: ready.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
