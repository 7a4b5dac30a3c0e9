import { sqlPool, statementName } from "../../db";
import { now } from "../../clock";
import { toFailure } from "../../errors";
import { publish } from "../../realtime/publish";
import { rooms } from "../../realtime/rooms";
import { processSingleton } from "../../singletons";

/**
 * Read positions between a mark and its write. A mark is answered (and published to the reader's
 * tabs) at once; its position waits here, coalesced per (user, channel) so only the furthest counts,
 * and every couple of seconds (and at shutdown, or at once when many are held) one statement writes
 * them all, never moving a stored position backwards. Reads of read states in this process lay the
 * held positions over the stored ones (read-your-writes). Another app process (REDIS_URL) sees a
 * position once it is written, at most FLUSH_EVERY_MS plus one write later: so that a page it
 * rendered in between converges, each write tells the reader's tabs which positions it stored.
 */

export const FLUSH_EVERY_MS = 2_000;
/** How often the timer asks whether a flush is due (on the domain clock, so a test that pins it decides). */
const TICK_MS = 250;
/** Held positions past which a flush starts at once: memory stays bounded whatever the traffic. */
const FLUSH_AT_HELD = 20_000;

/** userId → channelId → position */
type Positions = Map<string, Map<string, string>>;

type ReadMarkState = {
  pending: Positions;
  /** positions of the write in progress: still laid over reads until it lands */
  writing: Positions;
  held: number;
  /** marks in progress per user: a read of their states waits for them */
  inProgress: Map<string, Set<Promise<unknown>>>;
  lastFlushAt: number;
  /** write statements sent and rows they inserted or moved forward */
  written: { statements: number; rows: number };
  timer: NodeJS.Timeout | null;
  flushing: Promise<void> | null;
};

const state = processSingleton<ReadMarkState>("readMarks", () => ({
  pending: new Map(),
  writing: new Map(),
  held: 0,
  inProgress: new Map(),
  lastFlushAt: now().getTime(),
  written: { statements: 0, rows: 0 },
  timer: null,
  flushing: null,
}));

function put(into: Positions, userId: string, channelId: string, position: string): boolean {
  let channels = into.get(userId);
  if (!channels) into.set(userId, (channels = new Map()));
  const current = channels.get(channelId);
  if (current !== undefined && current >= position) return false;
  channels.set(channelId, position);
  return current === undefined;
}

/** Holds `position` (already checked and clamped by the caller) until the next write; the furthest one wins. */
export function holdReadPosition(userId: string, channelId: string, position: string) {
  if (put(state.pending, userId, channelId, position)) state.held += 1;
  if (!state.timer) {
    state.timer = setInterval(() => void flushDueReadPositions()?.catch(toFailure), TICK_MS);
    state.timer.unref();
  }
  if (state.held >= FLUSH_AT_HELD) void flushReadPositions().catch(toFailure);
}

/** The positions this process holds for a user (not yet stored, or being stored), by channel. */
export function heldReadPositions(userId: string): Map<string, string> {
  const held = new Map(state.writing.get(userId));
  for (const [channelId, position] of state.pending.get(userId) ?? []) {
    const writing = held.get(channelId);
    if (writing === undefined || position > writing) held.set(channelId, position);
  }
  return held;
}

/** Runs a mark of `userId`'s, so that reads of their states in this process wait for it. */
export async function trackMark<T>(userId: string, mark: Promise<T>): Promise<T> {
  let marks = state.inProgress.get(userId);
  if (!marks) state.inProgress.set(userId, (marks = new Set()));
  marks.add(mark);
  try {
    return await mark;
  } finally {
    marks.delete(mark);
    if (marks.size === 0 && state.inProgress.get(userId) === marks) state.inProgress.delete(userId);
  }
}

/** Settles once the user's marks in progress here have (a tab's last mark before a reload is then read). */
export async function marksSettled(userId: string) {
  const marks = state.inProgress.get(userId);
  if (marks) await Promise.allSettled([...marks]);
}

/** Flushes when FLUSH_EVERY_MS have passed on the domain clock since the last flush (the timer's tick; tests call it). */
export function flushDueReadPositions(): Promise<void> | null {
  const elapsed = now().getTime() - state.lastFlushAt;
  // a clock set back (a test) must not stop the flushes
  if (state.held === 0 || (elapsed >= 0 && elapsed < FLUSH_EVERY_MS)) return null;
  return flushReadPositions();
}

/** Writes every held position in one statement (nothing when none is held). */
export async function flushReadPositions() {
  while (state.flushing) await state.flushing.catch(() => {});
  state.lastFlushAt = now().getTime();
  if (state.held === 0) return;
  state.flushing = (async () => {
    const batch = state.pending;
    state.pending = new Map();
    state.held = 0;
    state.writing = batch;
    try {
      await writePositions(batch);
    } catch (error) {
      // nothing is lost: what failed to write waits for the next flush
      for (const [userId, channels] of batch)
        for (const [channelId, position] of channels) if (put(state.pending, userId, channelId, position)) state.held++;
      throw error;
    } finally {
      state.writing = new Map();
    }
    if (process.env.REDIS_URL) announceStored(batch);
  })();
  try {
    await state.flushing;
  } finally {
    state.flushing = null;
  }
}

async function writePositions(batch: Positions) {
  const userIds: string[] = [];
  const channelIds: string[] = [];
  const positions: string[] = [];
  // in key order: two processes writing the same rows lock them in the same order
  for (const userId of [...batch.keys()].sort()) {
    const channels = batch.get(userId)!;
    for (const channelId of [...channels.keys()].sort()) {
      userIds.push(userId);
      channelIds.push(channelId);
      positions.push(channels.get(channelId)!);
    }
  }
  // a channel or user deleted since the mark has no state left to keep
  const { rowCount } = await sqlPool().query({
    name: statementName("read-positions-write"),
    text: `INSERT INTO "ChannelState" ("userId", "channelId", "lastReadId", "updatedAt")
           SELECT t."userId", t."channelId", t."position", now()
             FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t("userId", "channelId", "position", n)
            WHERE EXISTS (SELECT 1 FROM "Channel" c WHERE c."id" = t."channelId")
              AND EXISTS (SELECT 1 FROM "User" u WHERE u."id" = t."userId")
            ORDER BY t.n
           ON CONFLICT ("userId", "channelId") DO UPDATE
             SET "lastReadId" = EXCLUDED."lastReadId", "updatedAt" = now()
             WHERE "ChannelState"."lastReadId" IS NULL OR "ChannelState"."lastReadId" < EXCLUDED."lastReadId"`,
    values: [userIds, channelIds, positions],
  });
  state.written.statements += 1;
  state.written.rows += rowCount ?? 0;
}

/** Write statements and rows written since the process started. */
export const readPositionWrites = () => ({ ...state.written });

/** With several app processes: each reader's tabs hear which positions are now stored (a stale one asks again). */
function announceStored(batch: Positions) {
  for (const [userId, channels] of batch)
    publish(
      rooms.user(userId),
      "read:stored",
      [...channels].map(([channelId, lastReadId]) => ({ channelId, lastReadId })),
    );
}

/** Stops the timer after writing what is held, marks in progress included (shutdown). */
export async function stopReadPositions() {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
  await Promise.allSettled([...state.inProgress.values()].flatMap((marks) => [...marks]));
  await flushReadPositions().catch(toFailure);
}
