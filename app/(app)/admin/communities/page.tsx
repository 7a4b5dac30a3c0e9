import { CommunityDirectory } from "@/components/admin/community-directory";
import { listAllCommunities } from "@/lib/domain/admin-communities";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parseSearchParams } from "@/lib/queries/page-params";
import { adminCommunityListSchema } from "@/lib/schemas/community";

type Props = { searchParams: Promise<{ q?: string | string[] }> };

/** Every community of the installation, searchable by name, newest first. */
export default async function AdminCommunitiesPage({ searchParams }: Props) {
  const me = await requirePageUser("/admin/communities");
  const { q: query } = await parseSearchParams(searchParams, { q: adminCommunityListSchema.shape.query });
  const first = await readOrNotFound(() => listAllCommunities({ userId: me.id }, { query }));
  return <CommunityDirectory key={query} query={query} first={first} />;
}
