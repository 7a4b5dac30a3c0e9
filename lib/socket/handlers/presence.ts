import { membersAmong } from "../../domain/members";
import { setMyStatus } from "../../domain/status";
import type { PresenceStatus } from "../../dto";
import { toFailure } from "../../errors";
import type { PresenceChange, PresenceStore } from "../../realtime/presence-store";
import type { ChatServer } from "../../realtime/publish";
import { communityOfRoom } from "../../realtime/rooms";
import { statusSchema } from "../../schemas/account";
import { presenceIdleSchema, presenceQuerySchema } from "../../schemas/community";
import type { ChatSocket, HandlerRegistry } from "../contract";

/** How often at most a community hears of presence changes (one `presence:changes` per community room). */
export const PRESENCE_FLUSH_MS = 500;
/** Socket writes a second presence may cost this process: a big crowd hears less often (a reconnect storm). */
export const PRESENCE_WRITES_PER_SECOND = 5_000;
const PRESENCE_FLUSH_MAX_MS = 5_000;

/**
 * The wait before the next flush after one that reached `reached` sockets: `intervalMs`, or longer
 * when that many writes would pass PRESENCE_WRITES_PER_SECOND (at most 5 s).
 */
function nextFlushDelay(reached: number, intervalMs: number) {
  return Math.max(
    intervalMs,
    Math.min(PRESENCE_FLUSH_MAX_MS, Math.round((reached / PRESENCE_WRITES_PER_SECOND) * 1000)),
  );
}

const communityRoomsOf = (socketRooms: Iterable<string>) => [...socketRooms].filter((room) => communityOfRoom(room));

/**
 * Presence changes gathered per community room and told as one `presence:changes` per room, at most
 * once per `intervalMs`: each user's status as it is then, left out when it is the one last announced
 * (a connect and a disconnect within one window tell nothing), and less often when the last flush
 * reached so many sockets that it would cost more than PRESENCE_WRITES_PER_SECOND. With Redis the
 * last announced status is shared, so processes do not repeat or contradict each other.
 */
export class PresenceAnnouncer {
  private pending = new Map<string, Set<string>>(); // community room → user ids
  private readonly noting = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;
  private delayMs: number;

  constructor(
    private readonly io: ChatServer,
    private readonly store: PresenceStore,
    private readonly intervalMs = PRESENCE_FLUSH_MS,
  ) {
    this.delayMs = intervalMs;
  }

  /**
   * Notes a change for the socket's communities once it settles. Rooms given now are taken now
   * (a closing socket is about to leave them); a new socket's come once they are joined.
   */
  note(changing: Promise<PresenceChange>, socketRooms: Iterable<string> | Promise<Iterable<string>>) {
    const communityRooms =
      socketRooms instanceof Promise ? socketRooms.then(communityRoomsOf) : communityRoomsOf(socketRooms);
    const noting = Promise.all([changing, communityRooms]).then(
      ([change, communityRooms]) => {
        if (!change || communityRooms.length === 0 || this.closed) return;
        for (const room of communityRooms) {
          const users = this.pending.get(room);
          if (users) users.add(change.userId);
          else this.pending.set(room, new Set([change.userId]));
        }
        this.timer ??= setTimeout(() => {
          this.timer = null;
          void this.flush();
        }, this.delayMs);
      },
      (error) => void toFailure(error), // logs: presence is best effort, never a reason to drop a connection
    );
    this.noting.add(noting);
    void noting.finally(() => this.noting.delete(noting));
  }

  /** Tells what is pending now, without waiting for the timer (changes still settling included). */
  async flushNow() {
    await Promise.all(this.noting);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  /** Stops the timer; what is pending is dropped (the sockets it is about are closing with the server). */
  async close() {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
    await this.flushing;
  }

  private flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    // one flush at a time, in order: a later window never overtakes an earlier one
    this.flushing = this.flushing.then(() => this.announce(batch)).catch((error) => void toFailure(error));
    return this.flushing;
  }

  private async announce(batch: Map<string, Set<string>>) {
    if (batch.size === 0 || this.closed) return;
    const userIds = new Set<string>();
    for (const users of batch.values()) for (const userId of users) userIds.add(userId);
    const statuses = new Map<string, PresenceStatus>();
    for (const { userId, status } of await this.store.takeAnnouncements([...userIds])) statuses.set(userId, status);
    if (statuses.size === 0 || this.closed) return;
    let reached = 0;
    for (const [room, users] of batch) {
      const changes: Record<PresenceStatus, string[]> = { online: [], idle: [], dnd: [], offline: [] };
      let told = false;
      for (const userId of users) {
        const status = statuses.get(userId);
        if (!status) continue;
        changes[status].push(userId);
        told = true;
      }
      if (!told) continue;
      this.io.to(room).emit("presence:changes", { communityId: communityOfRoom(room)!, ...changes });
      reached += this.io.sockets.adapter.rooms.get(room)?.size ?? 0;
    }
    this.delayMs = nextFlushDelay(reached, this.intervalMs);
  }
}

/** Online while any tab is connected, idle when all are; other members ask for the status of those they show. */
export function registerPresence(
  { answer, listen }: HandlerRegistry,
  presence: PresenceStore,
  announcer: PresenceAnnouncer,
) {
  listen("presence:idle", presenceIdleSchema, ({ idle }, { socket }) =>
    announcer.note(presence.setIdle(socket.id, idle), socket.rooms),
  );
  answer("presence:query", presenceQuerySchema, async ({ communityId, userIds }, { actor }) =>
    presence.statusOf(await membersAmong(actor, communityId, userIds)),
  );
  answer("status:set", statusSchema, async (input, { actor, socket }) => {
    const status = await setMyStatus(actor, input);
    if (input.mode) announcer.note(presence.setMode(actor.userId, status.mode), socket.rooms);
    return status;
  });
}

/**
 * A new socket counts at once, in the status its user chose; its communities hear of it once their
 * rooms are joined (`ready`).
 */
export function trackPresence(
  socket: ChatSocket,
  userId: string,
  ready: Promise<boolean>,
  presence: PresenceStore,
  announcer: PresenceAnnouncer,
) {
  announcer.note(
    presence.connect(userId, socket.id, socket.data.presenceMode),
    ready.then(() => socket.rooms),
  );
}

/** The socket is closing (still in its rooms): its communities may hear that its user went offline. */
export function untrackPresence(socket: ChatSocket, presence: PresenceStore, announcer: PresenceAnnouncer) {
  announcer.note(presence.disconnect(socket.id), socket.rooms);
}
