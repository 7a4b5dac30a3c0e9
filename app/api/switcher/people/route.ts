import { NextResponse, type NextRequest } from "next/server";
import { requireActor } from "@/lib/auth";
import { searchPeople } from "@/lib/domain/switcher";
import { httpInit, toResult } from "@/lib/errors";

/** The quick switcher's people: ?query=<display name or username prefix>, among those sharing a community. */
export async function GET(request: NextRequest) {
  const query = request.nextUrl.searchParams.get("query") ?? "";
  const result = await toResult(async () => searchPeople(await requireActor(), { query }));
  return NextResponse.json(result, httpInit(result, { "Cache-Control": "no-store" }));
}
