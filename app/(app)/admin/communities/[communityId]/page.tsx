import { CommunityDetail } from "@/components/admin/community-directory";
import { getCommunityForAdmin } from "@/lib/domain/admin-communities";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parsePageParams } from "@/lib/queries/page-params";
import { idSchema } from "@/lib/schemas/community";

/** One community as the app's administrators see it, with the power to disable and enable it. */
export default async function AdminCommunityPage({ params }: { params: Promise<{ communityId: string }> }) {
  const { communityId } = await parsePageParams(params, { communityId: idSchema });
  const me = await requirePageUser(`/admin/communities/${communityId}`);
  const community = await readOrNotFound(() => getCommunityForAdmin({ userId: me.id }, communityId));
  return <CommunityDetail community={community} />;
}
