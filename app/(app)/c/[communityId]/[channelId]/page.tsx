import { notFound } from "next/navigation";
import { ChannelView } from "@/components/channel/channel-view";
import { toChannelDTO } from "@/lib/domain/channels";
import { openChannel } from "@/lib/domain/messages";
import { AppError, ErrorCode } from "@/lib/errors";
import { getThread } from "@/lib/domain/threads";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parsePageParams, parseSearchParams } from "@/lib/queries/page-params";
import { idSchema } from "@/lib/schemas/community";

// Going back to a channel within this many seconds reuses its page: the conversation shows the
// messages this tab last held at once and catches up over the socket.
export const unstable_dynamicStaleTime = 30;

type Props = {
  params: Promise<{ communityId: string; channelId: string }>;
  searchParams: Promise<{ m?: string | string[]; thread?: string | string[] }>;
};

/**
 * A channel; `?m=<messageId>` (a search result, a shared link) opens history around that message,
 * highlighted; `?thread=<id>` opens one of its threads beside it (then `m` is a message of the thread).
 */
export default async function ChannelPage({ params, searchParams }: Props) {
  const { communityId, channelId } = await parsePageParams(params, { communityId: idSchema, channelId: idSchema });
  const { m: linkedId, thread } = await parseSearchParams(searchParams, {
    m: idSchema.optional(),
    thread: idSchema.optional(),
  });
  const me = await requirePageUser(`/c/${communityId}/${channelId}`);
  const actor = { userId: me.id };
  // One access check (the one that guards the socket room and the history route) for all the page shows.
  const opened = await readOrNotFound(() => openChannel(actor, { channelId, around: thread ? undefined : linkedId }));
  const { channel, member, restriction, page, focusId } = opened;
  if (channel.communityId !== communityId) notFound();
  // The thread must be one of this channel's that the reader can read (the same check as its room).
  const threadId = thread ? await threadOfChannel(actor, channel.id, thread) : undefined;
  return (
    <ChannelView
      key={channel.id}
      channel={toChannelDTO(channel)}
      initialPage={page}
      me={me}
      myRole={member.role}
      restriction={restriction}
      initialFocusId={focusId}
      initialThreadId={threadId}
      threadFocusId={threadId ? linkedId : undefined}
    />
  );
}

/** The thread when it is one of this channel's and readable; a thread that is gone or hidden opens the channel alone. */
async function threadOfChannel(actor: { userId: string }, channelId: string, threadId: string) {
  const found = await getThread(actor, threadId).catch((error: unknown) => {
    if (
      error instanceof AppError &&
      (error.code === ErrorCode.CHANNEL_NOT_FOUND || error.code === ErrorCode.NOT_IN_COMMUNITY)
    )
      return null;
    throw error; // a database failure is an error page, never a silently missing thread
  });
  return found?.thread.parentId === channelId ? found.thread.id : undefined;
}
