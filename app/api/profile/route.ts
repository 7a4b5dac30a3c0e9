import { NextResponse, type NextRequest } from "next/server";
import { requireActor } from "@/lib/auth";
import { getProfile } from "@/lib/domain/profiles";
import { httpInit, toResult } from "@/lib/errors";

/** A profile card: ?userId= or ?username=, and the community it is opened from (?communityId=). */
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const query = {
    userId: params.get("userId") ?? undefined,
    username: params.get("username") ?? undefined,
    communityId: params.get("communityId") ?? undefined,
  };
  const result = await toResult(async () => getProfile(await requireActor(), query));
  return NextResponse.json(result, httpInit(result, { "Cache-Control": "no-store" }));
}
