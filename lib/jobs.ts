import { archiveIdleThreads } from "./domain/threads";
import { toFailure } from "./errors";

/** Work an app process repeats on a timer. Every process runs each job: one must be safe to run in several at once. */
const jobs: { everyMs: number; run: () => Promise<unknown> }[] = [
  // idle threads archive on the minute; each due thread is claimed by one statement, so it is announced once
  { everyMs: 60_000, run: () => archiveIdleThreads() },
];

/**
 * Starts the background jobs (server.ts does, once its realtime server is up; tests call a job's
 * function directly). A run still going when the next is due is not doubled. Returns the stop
 * function: no run starts after it, and it resolves once the runs in progress have finished.
 */
export function startJobs(): () => Promise<void> {
  const running = jobs.map(({ everyMs, run }) => {
    const job: { current: Promise<void> | null; timer?: NodeJS.Timeout } = { current: null };
    job.timer = setInterval(() => {
      job.current ??= run()
        .then(
          () => {},
          (error) => void toFailure(error), // logged; the next run tries again
        )
        .finally(() => (job.current = null));
    }, everyMs);
    job.timer.unref();
    return job;
  });
  return async () => {
    for (const job of running) clearInterval(job.timer);
    await Promise.all(running.map((job) => job.current));
  };
}
