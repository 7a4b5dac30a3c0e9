import { NextResponse } from "next/server";
import { requireActor } from "@/lib/auth";
import { listSwitchTargets } from "@/lib/domain/switcher";
import { httpInit, toResult } from "@/lib/errors";

/** The quick switcher's targets: the signed-in user's communities, readable channels and followed threads. */
export async function GET() {
  const result = await toResult(async () => listSwitchTargets(await requireActor()));
  return NextResponse.json(result, httpInit(result, { "Cache-Control": "no-store" }));
}
