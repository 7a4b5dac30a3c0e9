import { NextResponse, type NextRequest } from "next/server";
import { requireActor } from "@/lib/auth";
import { searchMessages } from "@/lib/domain/search";
import { httpInit, toResult } from "@/lib/errors";

/**
 * Message search, newest first: ?query=<words; the last one a prefix; may be empty with a filter>
 * &fromUserId=&mentionsUserId=&channelId=<a channel; its threads too>&has=link|attachment|image|video|voice|file
 * &before=<ISO>&after=<ISO>&cursor=<nextCursor>&limit=1..50.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ communityId: string }> }) {
  const { communityId } = await params;
  const search = request.nextUrl.searchParams;
  const optional = (name: string) => search.get(name) || undefined;
  const result = await toResult(async () =>
    searchMessages(await requireActor(), {
      communityId,
      query: search.get("query") ?? undefined,
      fromUserId: optional("fromUserId"),
      mentionsUserId: optional("mentionsUserId"),
      channelId: optional("channelId"),
      has: optional("has") as never,
      before: optional("before"),
      after: optional("after"),
      cursor: optional("cursor"),
      limit: optional("limit") as never,
    }),
  );
  return NextResponse.json(result, httpInit(result, { "Cache-Control": "no-store" }));
}
