import { notFound } from "next/navigation";
import { ChannelView } from "@/components/channel/channel-view";
import { requireReadableChannel } from "@/lib/domain/access";
import { toChannelDTO } from "@/lib/domain/channels";
import { getSendRestriction, listMessages } from "@/lib/domain/messages";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";

export default async function ChannelPage({ params }: { params: Promise<{ communityId: string; channelId: string }> }) {
  const { communityId, channelId } = await params;
  const me = await requirePageUser(`/c/${communityId}/${channelId}`);
  const actor = { userId: me.id };
  // The same access check that guards the socket room and the history route.
  const { channel, member } = await readOrNotFound(() => requireReadableChannel(actor, channelId));
  if (channel.communityId !== communityId) notFound();
  const [initialPage, restriction] = await Promise.all([listMessages(actor, { channelId }), getSendRestriction(actor, channelId)]);
  return (
    <ChannelView key={channel.id} channel={toChannelDTO(channel)} initialPage={initialPage} me={me} myRole={member.role} restriction={restriction} />
  );
}
