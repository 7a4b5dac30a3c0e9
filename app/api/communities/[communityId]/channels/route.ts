import { NextResponse, type NextRequest } from "next/server";
import { requireActor } from "@/lib/auth";
import { listReadableChannels } from "@/lib/domain/access";
import { httpInit, toResult } from "@/lib/errors";

/** The channels the actor can read in a community, as `{ id, name }`: `#channel` suggestions and links in messages. */
export async function GET(_request: NextRequest, { params }: { params: Promise<{ communityId: string }> }) {
  const { communityId } = await params;
  const result = await toResult(async () => {
    const { channels } = await listReadableChannels(await requireActor(), communityId);
    return { channels: channels.map(({ id, name }) => ({ id, name })) };
  });
  return NextResponse.json(result, httpInit(result, { "Cache-Control": "no-store" }));
}
