import { notFound } from "next/navigation";
import { ChannelView } from "@/components/channel/channel-view";
import { toChannelDTO } from "@/lib/domain/channels";
import { getConversation } from "@/lib/domain/conversations";
import { findMember } from "@/lib/domain/members";
import { openChannel } from "@/lib/domain/messages";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parsePageParams, parseSearchParams } from "@/lib/queries/page-params";
import { idSchema } from "@/lib/schemas/community";

// Going back to a channel within this many seconds reuses its page: the conversation shows the
// messages this tab last held at once and catches up over the socket.
export const unstable_dynamicStaleTime = 30;

type Props = {
  params: Promise<{ communityId: string; channelId: string }>;
  searchParams: Promise<{ m?: string | string[]; thread?: string | string[]; member?: string | string[] }>;
};

/**
 * A channel; `?m=<messageId>` (a search result, a shared link) opens history around that message,
 * highlighted; `?thread=<id>` opens one of its threads beside it (then `m` is a message of the thread);
 * `?member=<userId>` opens that member's card (a member of another community, or none: no card).
 */
export default async function ChannelPage({ params, searchParams }: Props) {
  const { communityId, channelId } = await parsePageParams(params, { communityId: idSchema, channelId: idSchema });
  const {
    m: linkedId,
    thread,
    member: memberId,
  } = await parseSearchParams(searchParams, {
    m: idSchema.optional(),
    thread: idSchema.optional(),
    member: idSchema.optional(),
  });
  const me = await requirePageUser(`/c/${communityId}/${channelId}`);
  // One access check (the one that guards the socket room and the history route) for all the page shows;
  // with a thread open, `m` is one of the thread's messages.
  const { channel, member, conversationKind, restriction, page, focusId, threadId, readState } = await readOrNotFound(
    () => openChannel({ userId: me.id }, { channelId, threadId: thread, around: thread ? undefined : linkedId }),
  );
  if (channel.communityId !== communityId) notFound();
  const conversation =
    conversationKind === "COMMUNITY"
      ? null
      : await readOrNotFound(() => getConversation({ userId: me.id }, communityId));
  const linkedMember = memberId
    ? await readOrNotFound(() => findMember({ userId: me.id }, { communityId, userId: memberId }))
    : null;
  return (
    <ChannelView
      key={channel.id}
      channel={toChannelDTO(channel)}
      initialPage={page}
      initialReadState={readState}
      me={me}
      myRole={member.role}
      restriction={restriction}
      initialFocusId={focusId}
      initialThreadId={threadId}
      threadFocusId={threadId ? linkedId : undefined}
      linkedMember={linkedMember}
      conversation={conversation}
    />
  );
}
