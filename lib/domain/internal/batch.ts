/**
 * Requests that arrive together are served by one call of `run` (one statement, one transaction)
 * instead of one each: the first waits for the current turn of the event loop to end, and those
 * arriving while a batch runs wait for it to end and go together in the next (at most `max` each).
 * A reconnect storm's thousands of handshakes become a few dozen batches. `run` answers each request
 * in order: a value, or an error for that request alone; a rejection of `run` fails the whole batch.
 */
export function createBatcher<Request, Value>(
  run: (requests: Request[]) => Promise<(Value | BatchRefusal)[]>,
  max = 500,
): (request: Request) => Promise<Value> {
  type Waiting = { request: Request; resolve: (value: Value) => void; reject: (error: unknown) => void };
  let waiting: Waiting[] = [];
  let running = false;
  let scheduled = false;

  const schedule = () => {
    if (scheduled || running) return;
    scheduled = true;
    setImmediate(flush);
  };
  const flush = async () => {
    scheduled = false;
    if (waiting.length === 0) return;
    const batch = waiting.slice(0, max);
    waiting = waiting.slice(batch.length);
    running = true;
    try {
      const answers = await run(batch.map((entry) => entry.request));
      batch.forEach((entry, index) => {
        const answer = answers[index];
        if (answer instanceof BatchRefusal) entry.reject(answer.error);
        else entry.resolve(answer as Value);
      });
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    } finally {
      running = false;
      schedule();
    }
  };

  return (request) =>
    new Promise<Value>((resolve, reject) => {
      waiting.push({ request, resolve, reject });
      schedule();
    });
}

/** One request's own failure inside a batch (the others go on). */
export class BatchRefusal {
  constructor(readonly error: unknown) {}
}

/** `use` run for one request of a batch: its value, or its failure as a BatchRefusal. */
export function settle<T>(use: () => T): T | BatchRefusal {
  try {
    return use();
  } catch (error) {
    return new BatchRefusal(error);
  }
}
