import type { Metadata } from "next";
import Link from "next/link";
import { Compass } from "lucide-react";
import { DiscoverList } from "@/components/community/discover-list";
import { discoverCommunities } from "@/lib/domain/joining";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parseSearchParams } from "@/lib/queries/page-params";
import { discoverSchema } from "@/lib/schemas/community";

export const metadata: Metadata = { title: "Discover communities" };

export default async function DiscoverPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string | string[]; cursor?: string | string[] }>;
}) {
  const { q, cursor } = await parseSearchParams(searchParams, {
    q: discoverSchema.shape.query,
    cursor: discoverSchema.shape.cursor,
  });
  const me = await requirePageUser("/discover");
  const { communities, nextCursor } = await readOrNotFound(() =>
    discoverCommunities({ userId: me.id }, { query: q, cursor, limit: 30 }),
  );
  return (
    <main className="flex min-w-0 flex-1 flex-col overflow-y-auto bg-main">
      <div className="bg-[radial-gradient(circle_at_top,#404eed_0%,#313338_80%)] px-6 py-10 text-center">
        <Compass className="mx-auto size-10 text-strong" />
        <h1 className="mt-2 text-2xl font-bold text-strong">Find your community</h1>
        <form className="mx-auto mt-4 flex max-w-lg gap-2" action="/discover">
          <input
            name="q"
            defaultValue={q}
            maxLength={100}
            aria-label="Search communities"
            placeholder="Search communities"
            className="min-w-0 flex-1 rounded bg-rail px-3 py-2 text-text outline-none focus:ring-2 focus:ring-accent"
          />
          <button
            type="submit"
            className="rounded bg-accent px-4 py-2 text-sm font-medium text-white hover:bg-accent-hover"
          >
            Search
          </button>
        </form>
      </div>
      <div className="p-6">
        <DiscoverList communities={communities} />
        {nextCursor && (
          <Link
            className="mt-4 inline-block text-sm text-link hover:underline"
            href={`/discover?q=${encodeURIComponent(q)}&cursor=${nextCursor}`}
          >
            More communities
          </Link>
        )}
      </div>
    </main>
  );
}
