import { redirect } from "next/navigation";
import { getGeneralChannelId } from "@/lib/domain/communities";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parsePageParams, parseSearchParams } from "@/lib/queries/page-params";
import { idSchema } from "@/lib/schemas/community";

type Props = { params: Promise<{ communityId: string }>; searchParams: Promise<{ member?: string | string[] }> };

/** A community opens at its general channel; `?member=<userId>` (the quick switcher's people) opens their card there. */
export default async function CommunityPage({ params, searchParams }: Props) {
  const { communityId } = await parsePageParams(params, { communityId: idSchema });
  const { member } = await parseSearchParams(searchParams, { member: idSchema.optional() });
  const me = await requirePageUser(`/c/${communityId}`);
  const channelId = await readOrNotFound(() => getGeneralChannelId({ userId: me.id }, communityId));
  redirect(`/c/${communityId}/${channelId}${member ? `?member=${encodeURIComponent(member)}` : ""}`);
}
