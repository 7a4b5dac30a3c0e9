import { redirect } from "next/navigation";
import { getGeneralChannelId } from "@/lib/domain/communities";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parsePageParams } from "@/lib/queries/page-params";
import { idSchema } from "@/lib/schemas/community";

export default async function CommunityPage({ params }: { params: Promise<{ communityId: string }> }) {
  const { communityId } = await parsePageParams(params, { communityId: idSchema });
  const me = await requirePageUser(`/c/${communityId}`);
  const channelId = await readOrNotFound(() => getGeneralChannelId({ userId: me.id }, communityId));
  redirect(`/c/${communityId}/${channelId}`);
}
