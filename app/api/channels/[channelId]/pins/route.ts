import { NextResponse } from "next/server";
import { requireActor } from "@/lib/auth";
import { listPins } from "@/lib/domain/pins";
import { httpInit, toResult } from "@/lib/errors";

/** The channel's pinned messages, newest pin first. */
export async function GET(_: Request, { params }: { params: Promise<{ channelId: string }> }) {
  const { channelId } = await params;
  const result = await toResult(async () => listPins(await requireActor(), channelId));
  return NextResponse.json(result, httpInit(result, { "Cache-Control": "no-store" }));
}
