import { NextResponse, type NextRequest } from "next/server";
import { requireActor } from "@/lib/auth";
import { listMembers } from "@/lib/domain/members";
import { httpInit, toResult } from "@/lib/errors";

/** Member list pages by cursor: ?cursor=…&query=<name prefix>&limit=1..100&channelId=<open channel: a private one lists its readers>. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ communityId: string }> }) {
  const { communityId } = await params;
  const search = request.nextUrl.searchParams;
  const result = await toResult(async () =>
    listMembers(await requireActor(), {
      communityId,
      cursor: search.get("cursor") ?? undefined,
      query: search.get("query") || undefined,
      channelId: search.get("channelId") || undefined,
      limit: (search.get("limit") ?? undefined) as never,
    }),
  );
  return NextResponse.json(result, httpInit(result, { "Cache-Control": "no-store" }));
}
