import { CommunityDirectory } from "@/components/admin/community-directory";
import { listAllCommunities } from "@/lib/domain/admin-communities";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";

type Props = { searchParams: Promise<{ q?: string | string[] }> };

/** Every community of the installation, searchable by name, newest first. */
export default async function AdminCommunitiesPage({ searchParams }: Props) {
  const me = await requirePageUser("/admin/communities");
  const { q } = await searchParams;
  const query = typeof q === "string" ? q : "";
  const first = await readOrNotFound(() => listAllCommunities({ userId: me.id }, { query }));
  return <CommunityDirectory key={query} query={query} first={first} />;
}
