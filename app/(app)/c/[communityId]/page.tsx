import { redirect } from "next/navigation";
import { getGeneralChannelId } from "@/lib/domain/communities";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";

export default async function CommunityPage({ params }: { params: Promise<{ communityId: string }> }) {
  const { communityId } = await params;
  const me = await requirePageUser(`/c/${communityId}`);
  const channelId = await readOrNotFound(() => getGeneralChannelId({ userId: me.id }, communityId));
  redirect(`/c/${communityId}/${channelId}`);
}
