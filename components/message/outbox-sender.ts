import type { MessageDTO } from "@/lib/dto";
import type { Result } from "@/lib/errors";
import {
  backoffMs,
  markOutboxFailed,
  readOutbox,
  removeFromOutbox,
  sendFailureHandling,
  type OutboxEntry,
  type OutboxStorage,
} from "./outbox";

export const WAITING_FOR_CONNECTION = "Waiting for connection…";
/** server errors or unanswered sends in a row (while connected) before a message shows failed */
export const MAX_TRANSIENT_ATTEMPTS = 5;

export type OutboxSenderOptions = {
  storage: OutboxStorage;
  userId: string;
  channelId: string;
  /** emits the send; resolves with the server's answer, or null when none came (timeout, disconnect) */
  send: (entry: OutboxEntry) => Promise<Result<MessageDTO> | null>;
  connected: () => boolean;
  onSent: (message: MessageDTO) => void;
  onRefused: (nonce: string, reason: string) => void;
  /** still queued, with why it is not through yet */
  onWaiting: (nonce: string, reason: string) => void;
  now?: () => number;
};

/**
 * Sends a channel's outbox one message at a time, in queue order, each with its own nonce (the
 * server stores one copy however often it is sent). Runs while connected and caught up (`resume`);
 * a lost connection, a wait the server names or a backoff holds the whole queue, so order holds.
 */
export function createOutboxSender(options: OutboxSenderOptions) {
  const { storage, userId, channelId } = options;
  const now = options.now ?? Date.now;
  let ready = false;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let retryAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const attempts = new Map<string, number>();

  const waitThenWake = (ms: number) => {
    retryAt = now() + ms;
    clearTimeout(timer);
    timer = setTimeout(wake, ms);
  };

  const refuse = (nonce: string, reason: string) => {
    attempts.delete(nonce);
    markOutboxFailed(storage, userId, channelId, nonce, reason);
    options.onRefused(nonce, reason);
  };

  /** One send; answers whether the queue may go on to the next entry. */
  async function sendOne(entry: OutboxEntry): Promise<boolean> {
    const answer = await options.send(entry);
    if (answer?.ok) {
      attempts.delete(entry.nonce);
      removeFromOutbox(storage, userId, channelId, [entry.nonce]);
      options.onSent(answer.data);
      return true;
    }
    if (!answer && !options.connected()) {
      options.onWaiting(entry.nonce, WAITING_FOR_CONNECTION); // the reconnect resumes
      return false;
    }
    const failure = answer ?? { code: 0, message: "The server did not answer in time." };
    const handling = answer ? sendFailureHandling(failure) : ({ kind: "backoff" } as const);
    if (handling.kind === "refused") {
      refuse(entry.nonce, failure.message);
      return true;
    }
    if (handling.kind === "wait") {
      options.onWaiting(entry.nonce, failure.message);
      waitThenWake(handling.ms);
      return false;
    }
    const attempt = (attempts.get(entry.nonce) ?? 0) + 1;
    attempts.set(entry.nonce, attempt);
    if (attempt >= MAX_TRANSIENT_ATTEMPTS) {
      refuse(entry.nonce, failure.message);
      return true;
    }
    options.onWaiting(entry.nonce, `${failure.message} Trying again…`);
    waitThenWake(backoffMs(attempt));
    return false;
  }

  async function run() {
    do {
      again = false;
      while (!stopped && ready && options.connected() && now() >= retryAt) {
        const next = readOutbox(storage, userId, channelId).find((entry) => entry.status === "pending");
        if (!next || !(await sendOne(next))) break;
      }
    } while (again && !stopped);
  }

  /** Sends what is queued if it may; a call while sending makes it look again when done. */
  function wake(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = run()
      .catch((error) => console.error("[outbox]", error))
      .finally(() => {
        running = null;
      });
    return running;
  }

  const sendNow = () => {
    retryAt = 0;
    clearTimeout(timer);
    return wake();
  };

  return {
    /** connected and caught up: the queue goes out now */
    resume() {
      ready = true;
      return sendNow();
    },
    /** the connection dropped: nothing goes out until `resume` */
    pause() {
      ready = false;
    },
    /** a new entry was queued */
    wake,
    /** the user asked to send a failed entry again (already set pending in the outbox) */
    retry(nonce: string) {
      attempts.delete(nonce);
      return sendNow();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export type OutboxSender = ReturnType<typeof createOutboxSender>;
