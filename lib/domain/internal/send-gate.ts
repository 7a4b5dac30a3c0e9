import { performance } from "node:perf_hooks";
import { AppError, ErrorCode } from "../../errors";
import { processSingleton } from "../../singletons";

/**
 * Back-pressure for sends: at most `concurrency` sends at work in this process (access checks,
 * inserts, fan-out); more wait in order while their expected wait stays within `maxWaitMs` (from
 * the recent sends' mean duration), and never more than `queue`. Beyond that a send is refused at
 * once with 6002029 and the time the queue needs to drain (the client's outbox sends it again
 * then), instead of every send slowing down behind an unbounded queue. A queue bounded by time
 * rather than by count takes a burst of any size the process clears in that time, in order.
 */
export type SendGate = {
  run<T>(work: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly waiting: number;
  readonly limits: GateLimits;
};
export type GateLimits = { concurrency: number; queue: number; maxWaitMs: number };

/** How fast the mean duration follows the latest sends (weight of each new one). */
const DURATION_WEIGHT = 0.05;

export function createSendGate(
  limits: GateLimits,
  {
    now = () => performance.now(),
    retryAfterMs = (backlogMs: number) => Math.min(5_000, Math.max(250, backlogMs)) + Math.floor(Math.random() * 250),
  }: { now?: () => number; retryAfterMs?: (backlogMs: number) => number } = {},
): SendGate {
  let active = 0;
  let meanDurationMs: number | null = null; // none measured yet: the count alone bounds the queue
  const waiting: (() => void)[] = [];
  /** How long the send at this place in the line waits before it starts. */
  const waitAt = (place: number) => (meanDurationMs === null ? 0 : (place * meanDurationMs) / limits.concurrency);
  return {
    async run(work) {
      if (active < limits.concurrency) active++;
      else if (waiting.length < limits.queue && waitAt(waiting.length + 1) <= limits.maxWaitMs)
        await new Promise<void>((resolve) => waiting.push(resolve));
      else
        throw new AppError(
          ErrorCode.RATE_LIMITED,
          "The server is busy: your message goes out again in a moment.",
          undefined,
          retryAfterMs(waitAt(waiting.length)),
        );
      const started = now();
      try {
        return await work();
      } finally {
        const duration = now() - started;
        meanDurationMs =
          meanDurationMs === null ? duration : meanDurationMs + DURATION_WEIGHT * (duration - meanDurationMs);
        // the slot passes straight to the next in line
        const next = waiting.shift();
        if (next) next();
        else active--;
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return waiting.length;
    },
    limits,
  };
}

const positive = (value: string | undefined, fallback: number) =>
  Number.isInteger(Number(value)) && Number(value) > 0 ? Number(value) : fallback;

/**
 * The process's gate: SEND_CONCURRENCY (default twice the database pool, whose connections the
 * sends wait for anyway), SEND_QUEUE_WAIT_MS (default 2,000) and SEND_QUEUE_LIMIT (default 5,000).
 */
export function sendGate(): SendGate {
  return processSingleton("sendGate", () =>
    createSendGate({
      concurrency: positive(process.env.SEND_CONCURRENCY, 2 * positive(process.env.DATABASE_POOL_SIZE, 10)),
      queue: positive(process.env.SEND_QUEUE_LIMIT, 5_000),
      maxWaitMs: positive(process.env.SEND_QUEUE_WAIT_MS, 2_000),
    }),
  );
}
