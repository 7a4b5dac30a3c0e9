import { db } from "../../db";
import { emitCommunityEvent } from "./events";
import type { Message } from "../../generated/prisma/client";
import { AppError, ErrorCode } from "../../errors";
import { limits } from "../../limits";
import { publish } from "../../realtime/publish";
import { rooms } from "../../realtime/rooms";
import { idSchema } from "../../schemas/community";
import type { MessageDTO, Role } from "../../dto";
import { requireReadableChannel } from "../access";
import type { Actor } from "../actor";
import { audienceChannel, isManager, type ThreadAccess } from "./access";
import { publishActivity } from "./activity";
import { broadcastView, messageInclude, type MentionedUser, type ReplyTargetRow } from "./message-view";
import { recordReply } from "./threads";

/** What every path that stores or changes a message shares: its text, mentions, reply target, nonce, and announcing it. */

/** Characters as a person counts them (code points, so an emoji is one). */
const characterCount = (text: string) => Array.from(text).length;

/** Normalized text, or 6002010 (empty, unless allowed) / 6002011 (over the limit). */
export function checkedContent(raw: string, { allowEmpty = false } = {}) {
  const content = raw.replace(/\r\n?/g, "\n").trim();
  if (!content && !allowEmpty) throw new AppError(ErrorCode.MESSAGE_EMPTY, "A message cannot be empty.");
  if (characterCount(content) > limits.messageLength) {
    throw new AppError(
      ErrorCode.MESSAGE_TOO_LONG,
      `Messages can be at most ${limits.messageLength.toLocaleString("en-US")} characters (this one has ${characterCount(content).toLocaleString("en-US")}).`,
    );
  }
  return content;
}

/** `@name` tokens outside code; `@everyone`/`@here` count only from the owner and admins. */
export async function resolveMentions(
  content: string,
  channel: { id: string; communityId: string; kind: string },
  role: Role,
) {
  const prose = content.replace(/```[\s\S]*?(```|$)/g, " ").replace(/`[^`\n]*`/g, " ");
  const mentionsEveryone = isManager(role) && /(^|[^\w@])@(everyone|here)\b/.test(prose);
  const names = new Set<string>();
  for (const match of prose.matchAll(/(^|[^\w@])@([a-zA-Z0-9_.]{3,32})/g)) {
    const name = match[2].toLowerCase();
    names.add(name);
    names.add(name.replace(/\.+$/, "")); // "@alice." at the end of a sentence
  }
  names.delete("everyone");
  names.delete("here");
  if (names.size === 0) return { mentionIds: [] as string[], mentionNames: [] as MentionedUser[], mentionsEveryone };
  // Only people who can read the channel can be mentioned in it.
  const readers = await db.member.findMany({
    where: {
      communityId: channel.communityId,
      user: { username: { in: [...names].slice(0, limits.mentionsPerMessage * 2) } },
      ...(channel.kind === "PRIVATE" && {
        OR: [{ role: { in: ["OWNER", "ADMIN"] } }, { user: { channelMembers: { some: { channelId: channel.id } } } }],
      }),
    },
    select: { userId: true, user: { select: { username: true, displayName: true } } },
    take: limits.mentionsPerMessage,
  });
  return {
    mentionIds: readers.map((reader) => reader.userId),
    mentionNames: readers.map((reader): MentionedUser => reader.user),
    mentionsEveryone,
  };
}

/** The message a reply quotes: in the same channel and still in history; 6002038 otherwise. */
export async function checkedReplyTarget(
  channelId: string,
  replyToId: string | undefined,
): Promise<ReplyTargetRow | null> {
  if (!replyToId) return null;
  const target = await db.message.findUnique({
    where: { id: replyToId },
    select: { ...messageInclude.replyTo.select, channelId: true },
  });
  if (!target || target.deletedAt || target.channelId !== channelId) {
    throw new AppError(ErrorCode.REPLY_TARGET_INVALID, "The message you are replying to no longer exists.");
  }
  const { channelId: _, ...quoted } = target;
  return quoted;
}

/** The stored message for (author, nonce), if this send was already made. */
export async function findByNonce(authorId: string, nonce: string, channelId: string) {
  const row = await db.message.findUnique({
    where: { authorId_nonce: { authorId, nonce } },
    select: { id: true, channelId: true },
  });
  if (!row) return null;
  if (row.channelId !== channelId) {
    throw new AppError(ErrorCode.INVALID_INPUT, "This message id (nonce) was already used in another channel.");
  }
  return broadcastView(row.id);
}

/** A message the actor can read, still in history (not deleted by its author); 6002012 otherwise. */
export async function readableMessage(actor: Actor, messageId: string) {
  // Only what the rules look at; callers that answer with the message load it again for the DTO.
  const message = await db.message.findUnique({
    where: { id: idSchema.parse(messageId) },
    include: { attachment: true },
  });
  if (!message || message.deletedAt)
    throw new AppError(ErrorCode.MESSAGE_NOT_FOUND, "This message does not exist or was deleted.");
  const { member, channel, thread, communityDisabled, conversationKind, directBlock } = await requireReadableChannel(
    actor,
    message.channelId,
  );
  return { message, member, channel, thread, communityDisabled, conversationKind, directBlock };
}

type ChannelRef = { id: string; communityId: string; kind: string };

/**
 * Pushes a stored message to its channel's viewers, and its activity to the other readers (after
 * commit); a thread reply also moves the thread's summary.
 */
export async function publishNew(
  row: Pick<Message, "id" | "authorId" | "mentionIds" | "mentionsEveryone">,
  channel: ChannelRef,
  thread: ThreadAccess | null = null,
): Promise<MessageDTO> {
  const message = await broadcastView(row.id);
  publish(rooms.channel(message.channelId), "message:new", message);
  publishActivity(
    channel,
    {
      kind: "new",
      messageId: row.id,
      authorId: row.authorId,
      mentionIds: row.mentionIds,
      mentionsEveryone: row.mentionsEveryone,
    },
    audienceChannel(channel, thread),
  );
  if (thread) await recordReply(channel.id, row);
  if (message.type !== "SYSTEM") await emitCommunityEvent(channel.communityId, "message.created", message);
  return message;
}
