/** A watching tab repeats what it watches this often… */
export const WATCH_HEARTBEAT_MS = 2_000;
/** …and a sibling forgets it this long after hearing it last (a tab that closed without saying so). */
export const WATCH_EXPIRES_MS = 5_000;

/** `hello`: a tab that just opened asks the others what they watch. */
export type WatchMessage = { tab: string; channels: string[]; hello?: boolean };

/**
 * Tabs of one browser tell each other which channels they watch (messages landing on screen, the
 * window focused): a watching tab sends its read position only every few seconds, so its siblings
 * must not count those messages in the meantime. Tabs elsewhere (another device) count them until
 * the read position arrives.
 */
export class SiblingWatch {
  private readonly others = new Map<string, { channels: Set<string>; at: number }>();
  private mine: string[] = [];

  constructor(
    private readonly post: (message: WatchMessage) => void,
    private readonly tab: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** This tab watches these channels now; siblings hear it when it changed. */
  announce(channels: string[]) {
    const sorted = [...new Set(channels)].sort();
    if (sorted.length === this.mine.length && sorted.every((id, i) => id === this.mine[i])) return;
    this.mine = sorted;
    this.post({ tab: this.tab, channels: sorted });
  }

  /** A tab that just opened: the others answer with what they watch. */
  hello() {
    this.post({ tab: this.tab, channels: this.mine, hello: true });
  }

  /** Repeats what this tab watches (nothing when it watches nothing). */
  heartbeat() {
    if (this.mine.length) this.post({ tab: this.tab, channels: this.mine });
  }

  receive(message: unknown) {
    if (!isWatchMessage(message) || message.tab === this.tab) return;
    if (message.channels.length === 0) this.others.delete(message.tab);
    else this.others.set(message.tab, { channels: new Set(message.channels), at: this.now() });
    if (message.hello) this.heartbeat();
  }

  /** Whether another tab of this browser watches the channel. */
  watches(channelId: string): boolean {
    const now = this.now();
    for (const [tab, { channels, at }] of this.others) {
      if (now - at > WATCH_EXPIRES_MS) this.others.delete(tab);
      else if (channels.has(channelId)) return true;
    }
    return false;
  }
}

const isWatchMessage = (value: unknown): value is WatchMessage =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as WatchMessage).tab === "string" &&
  Array.isArray((value as WatchMessage).channels) &&
  (value as WatchMessage).channels.every((id) => typeof id === "string");
