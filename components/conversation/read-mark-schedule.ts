/** While a reader watches messages land, their read position goes to the server at most this often. */
export const MARK_EVERY_MS = 5_000;
/** A short pause gathers a burst of rows into one mark. */
export const MARK_PAUSE_MS = 100;

type Timers = {
  now: () => number;
  /** in [0, 1) */
  random: () => number;
  setTimeout: (run: () => void, ms: number) => unknown;
  clearTimeout: (timer: unknown) => void;
};

const browserTimers: Timers = {
  now: () => performance.now(),
  random: () => Math.random(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

/**
 * When a seen message's id goes to the server as the read position. A mark that changes what the
 * reader sees (the channel shows unread messages or mentions) goes after a short pause; one that
 * does not (watching messages land, nothing counted) at most once per MARK_EVERY_MS, carrying the
 * newest id seen by then; after a quiet while the first one waits a random part of that interval,
 * so the readers of a busy channel (who all see each message at the same moment) do not mark in
 * step. `flush` sends what waits at once (the tab hides, the window blurs, the reader leaves the
 * channel or the page). Ids only move forward: an older or repeated id is dropped.
 * The browser (read-tracking.tsx) and bench/read-marks.ts both mark through this.
 */
export class ReadMarkSchedule {
  private sent = "";
  private waiting: string | null = null;
  private lastSentAt = -Infinity;
  private timer: unknown = null;
  private dueAt = Infinity;

  constructor(
    private readonly send: (messageId: string) => void,
    private readonly timers: Timers = browserTimers,
  ) {}

  /** The newest id waiting to be sent, if any. */
  get pending(): string | null {
    return this.waiting;
  }

  /** The reader has seen `messageId`; `changesCounts`: the channel shows something unread now. */
  seen(messageId: string, changesCounts: boolean) {
    if (messageId <= this.sent || (this.waiting !== null && messageId <= this.waiting)) {
      if (!changesCounts || this.waiting === null) return;
    } else this.waiting = messageId;
    const now = this.timers.now();
    if (changesCounts) {
      if (now + MARK_PAUSE_MS < this.dueAt) this.schedule(MARK_PAUSE_MS);
      return;
    }
    if (this.timer !== null) return; // the mark already due carries this id too
    const nextAllowed = this.lastSentAt + MARK_EVERY_MS;
    this.schedule(
      nextAllowed > now
        ? Math.max(MARK_PAUSE_MS, nextAllowed - now)
        : MARK_PAUSE_MS + this.timers.random() * (MARK_EVERY_MS - MARK_PAUSE_MS),
    );
  }

  /** Sends the waiting id now. */
  flush() {
    this.cancel();
    if (this.waiting === null) return;
    const messageId = this.waiting;
    this.waiting = null;
    this.sent = messageId;
    this.lastSentAt = this.timers.now();
    this.send(messageId);
  }

  /** Forgets the waiting id (a mark that covers it went another way: "mark as read"). */
  drop() {
    this.cancel();
    this.waiting = null;
  }

  private schedule(waitMs: number) {
    this.cancel();
    const wait = Math.ceil(waitMs); // timers count whole milliseconds: never early
    this.dueAt = this.timers.now() + wait;
    this.timer = this.timers.setTimeout(() => {
      const early = this.dueAt - this.timers.now();
      if (early > 0) return this.schedule(early); // a timer may fire a little early (Node's counts from its loop's start)
      this.timer = null;
      this.dueAt = Infinity;
      this.flush();
    }, wait);
  }

  private cancel() {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.dueAt = Infinity;
  }
}
