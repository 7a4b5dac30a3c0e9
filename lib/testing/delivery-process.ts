// A child process for the restart test: the app's background jobs (lib/jobs.ts, the event delivery
// worker among them) on DATABASE_URL, its domain clock DELIVERY_CLOCK_AHEAD_MS ahead of the wall
// clock (a retry is due at once instead of after a sleep). IPC: sends {type:"ready"}; killed by the test.
import { setBaseClock } from "../clock";
import { startJobs } from "../jobs";

const ahead = Number(process.env.DELIVERY_CLOCK_AHEAD_MS ?? 0);
if (ahead) setBaseClock(() => new Date(Date.now() + ahead));
startJobs();
setInterval(() => {}, 60_000); // the jobs' timers do not hold the process open
process.send?.({ type: "ready" });
