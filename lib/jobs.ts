import { deliverDueEvents, onEventQueued, pruneDeliveries } from "./domain/subscriptions";
import { archiveIdleThreads } from "./domain/threads";
import { toFailure } from "./errors";

/** Work an app process repeats on a timer. Every process runs each job: one must be safe to run in several at once. */
const jobs: { everyMs: number; run: () => Promise<unknown>; wakesOnEvent?: true }[] = [
  // idle threads archive on the minute; each due thread is claimed by one statement, so it is announced once
  { everyMs: 60_000, run: () => archiveIdleThreads() },
  // outgoing events: due deliveries (and retries) every 2 s, and at once when this process queues one
  { everyMs: 2_000, run: () => deliverDueEvents(), wakesOnEvent: true },
  { everyMs: 60 * 60_000, run: () => pruneDeliveries() },
];

/**
 * Starts the background jobs (server.ts does, once its realtime server is up; tests call a job's
 * function directly). A run still going when the next is due is not doubled. Returns the stop
 * function: no run starts after it, and it resolves once the runs in progress have finished.
 */
export function startJobs(): () => Promise<void> {
  let stopped = false;
  const running = jobs.map(({ everyMs, run, wakesOnEvent }) => {
    const job: { current: Promise<void> | null; again: boolean; timer?: NodeJS.Timeout } = {
      current: null,
      again: false,
    };
    // a wake during a run asks for one more run after it (what woke it may have come too late for this one)
    const tick = (woken = false) => {
      if (stopped) return;
      if (job.current) return void (job.again ||= woken);
      job.current = run()
        .then(
          () => {},
          (error) => void toFailure(error), // logged; the next run tries again
        )
        .finally(() => {
          job.current = null;
          if (job.again) {
            job.again = false;
            tick();
          }
        });
    };
    job.timer = setInterval(tick, everyMs);
    job.timer.unref();
    if (wakesOnEvent) onEventQueued(() => tick(true));
    return job;
  });
  return async () => {
    stopped = true;
    onEventQueued(null);
    for (const job of running) clearInterval(job.timer);
    await Promise.all(running.map((job) => job.current));
  };
}
