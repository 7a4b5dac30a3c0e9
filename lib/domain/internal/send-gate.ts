import { AppError, ErrorCode } from "../../errors";
import { processSingleton } from "../../singletons";

/**
 * Back-pressure for sends: at most `concurrency` sends at work in this process (access checks,
 * inserts, fan-out), at most `queue` more waiting in order; beyond that a send is refused at once
 * with 6002029 and a short wait (the client's outbox sends it again then), instead of every send
 * slowing down behind an unbounded queue.
 */
export type SendGate = {
  run<T>(work: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly waiting: number;
  readonly limits: { concurrency: number; queue: number };
};

export function createSendGate(
  limits: { concurrency: number; queue: number },
  retryAfterMs: () => number = () => 250 + Math.floor(Math.random() * 500),
): SendGate {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    async run(work) {
      if (active < limits.concurrency) active++;
      else if (waiting.length < limits.queue) await new Promise<void>((resolve) => waiting.push(resolve));
      else
        throw new AppError(
          ErrorCode.RATE_LIMITED,
          "The server is busy: your message goes out again in a moment.",
          undefined,
          retryAfterMs(),
        );
      try {
        return await work();
      } finally {
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
 * sends wait for anyway) and SEND_QUEUE_LIMIT (default 500) waiting.
 */
export function sendGate(): SendGate {
  return processSingleton("sendGate", () =>
    createSendGate({
      concurrency: positive(process.env.SEND_CONCURRENCY, 2 * positive(process.env.DATABASE_POOL_SIZE, 10)),
      queue: positive(process.env.SEND_QUEUE_LIMIT, 500),
    }),
  );
}
