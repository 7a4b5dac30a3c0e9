import { NextResponse, type NextRequest } from "next/server";
import { requireActor } from "@/lib/auth";
import { listMessages } from "@/lib/domain/messages";
import { httpInit, toResult } from "@/lib/errors";

/** History pages by cursor: ?before=<id> (older), ?after=<id> (newer), ?around=<id>, &limit=1..100. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ channelId: string }> }) {
  const { channelId } = await params;
  const search = request.nextUrl.searchParams;
  const result = await toResult(async () =>
    listMessages(await requireActor(), {
      channelId,
      before: search.get("before") ?? undefined,
      after: search.get("after") ?? undefined,
      around: search.get("around") ?? undefined,
      limit: (search.get("limit") ?? undefined) as never,
    }),
  );
  return NextResponse.json(result, httpInit(result, { "Cache-Control": "no-store" }));
}
