import { db, sqlPool, statementName } from "../../db";
import { processSingleton } from "../../singletons";
import type { ChannelAccess } from "../access";
import { audienceChannel } from "./access";

/** Who a message reaches, for the downstream quota and usage counts. */

const PRIVATE_READERS_TTL_MS = 10_000;
/** Private channels whose reader count is remembered at most (the oldest entry goes first). */
export const PRIVATE_READERS_CACHED = 10_000;
// one cache per process (server actions, routes and sockets share it)
const privateReaders = processSingleton("privateReaders", () => new Map<string, { count: number; at: number }>());

/** How many members read a channel (not a thread): the community's, or a private channel's seats plus owner and admins (cached briefly). */
export async function readerCount(
  channel: { id: string; communityId: string; kind: string },
  communityMemberCount?: number,
): Promise<number> {
  if (channel.kind !== "PRIVATE") {
    if (communityMemberCount !== undefined) return communityMemberCount;
    return (
      (await db.community.findUnique({ where: { id: channel.communityId }, select: { memberCount: true } }))
        ?.memberCount ?? 0
    );
  }
  const cached = privateReaders.get(channel.id);
  if (cached && performance.now() - cached.at < PRIVATE_READERS_TTL_MS) return cached.count;
  const { rows } = await sqlPool().query<{ count: number }>({
    name: statementName("private-readers"),
    text: `SELECT count(*)::int AS count FROM "Member" m
            WHERE m."communityId" = $1
              AND (m."role" IN ('OWNER', 'ADMIN') OR EXISTS (SELECT 1 FROM "ChannelMember" s WHERE s."channelId" = $2 AND s."userId" = m."userId"))`,
    values: [channel.communityId, channel.id],
  });
  privateReaders.delete(channel.id); // re-inserted last: the map's order is its age
  privateReaders.set(channel.id, { count: rows[0].count, at: performance.now() });
  if (privateReaders.size > PRIVATE_READERS_CACHED) privateReaders.delete(privateReaders.keys().next().value!);
  return rows[0].count;
}

/** How many readers a message here reaches besides its author: what the downstream quota counts. */
export async function recipientsOf({ channel, thread, communityMemberCount }: ChannelAccess): Promise<number> {
  return Math.max(0, (await readerCount(audienceChannel(channel, thread), communityMemberCount)) - 1);
}
