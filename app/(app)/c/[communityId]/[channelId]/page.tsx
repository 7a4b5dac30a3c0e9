import { notFound } from "next/navigation";
import { ChannelView } from "@/components/channel/channel-view";
import { requireReadableChannel } from "@/lib/domain/access";
import { toChannelDTO } from "@/lib/domain/channels";
import { getSendRestriction, listMessages } from "@/lib/domain/messages";
import { getThread } from "@/lib/domain/threads";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parsePageParams, parseSearchParams } from "@/lib/queries/page-params";
import { idSchema } from "@/lib/schemas/community";

// Going back to a channel within this many seconds reuses its page: the conversation shows the
// messages this tab last held at once and catches up over the socket.
export const unstable_dynamicStaleTime = 30;

type Props = { params: Promise<{ communityId: string; channelId: string }>; searchParams: Promise<{ m?: string | string[]; thread?: string | string[] }> };

/**
 * A channel; `?m=<messageId>` (a search result, a shared link) opens history around that message,
 * highlighted; `?thread=<id>` opens one of its threads beside it (then `m` is a message of the thread).
 */
export default async function ChannelPage({ params, searchParams }: Props) {
  const { communityId, channelId } = await parsePageParams(params, { communityId: idSchema, channelId: idSchema });
  const { m: linkedId, thread } = await parseSearchParams(searchParams, { m: idSchema.optional(), thread: idSchema.optional() });
  const me = await requirePageUser(`/c/${communityId}/${channelId}`);
  const actor = { userId: me.id };
  // The same access check that guards the socket room and the history route.
  const { channel, member } = await readOrNotFound(() => requireReadableChannel(actor, channelId));
  if (channel.communityId !== communityId) notFound();
  // The thread must be one of this channel's that the reader can read (the same check as its room).
  const threadId = thread ? await threadOfChannel(actor, channel.id, thread) : undefined;
  const focusId = threadId ? undefined : linkedId;
  const [around, restriction] = await Promise.all([focusId ? pageAround(actor, channelId, focusId) : null, getSendRestriction(actor, channelId)]);
  const initialPage = around ?? (await listMessages(actor, { channelId }));
  return (
    <ChannelView
      key={channel.id}
      channel={toChannelDTO(channel)}
      initialPage={initialPage}
      me={me}
      myRole={member.role}
      restriction={restriction}
      initialFocusId={around ? focusId : undefined}
      initialThreadId={threadId}
      threadFocusId={threadId ? linkedId : undefined}
    />
  );
}

async function threadOfChannel(actor: { userId: string }, channelId: string, threadId: string) {
  const found = await getThread(actor, threadId).catch(() => null);
  return found?.thread.parentId === channelId ? found.thread.id : undefined;
}

/** History around a message of this channel, or null (not a message here, deleted, malformed): the page opens at the newest. */
async function pageAround(actor: { userId: string }, channelId: string, messageId: string) {
  const page = await listMessages(actor, { channelId, around: messageId }).catch(() => null);
  return page?.messages.some((message) => message.id === messageId) ? page : null;
}
