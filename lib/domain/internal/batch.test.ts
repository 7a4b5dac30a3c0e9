import { describe, expect, it } from "vitest";
import { BatchRefusal, createBatcher, settle } from "./batch";

/** A batcher whose run records each batch and can be held open until released. */
function recordingBatcher(max?: number) {
  const batches: number[][] = [];
  let hold: Promise<void> | null = null;
  let release = () => {};
  const ask = createBatcher(async (requests: number[]) => {
    batches.push(requests);
    if (hold) await hold;
    return requests.map((n) => (n < 0 ? new BatchRefusal(new Error(`refused ${n}`)) : n * 10));
  }, max);
  return {
    ask,
    batches,
    holdNext() {
      hold = new Promise((resolve) => (release = resolve));
    },
    release() {
      hold = null;
      release();
    },
  };
}

describe("a batcher", () => {
  it("serves the requests of one turn of the event loop in one run, each with its own answer", async () => {
    const b = recordingBatcher();
    expect(await Promise.all([1, 2, 3].map(b.ask))).toEqual([10, 20, 30]);
    expect(b.batches).toEqual([[1, 2, 3]]);
  });

  it("gathers those arriving while a batch runs into the next one", async () => {
    const b = recordingBatcher();
    b.holdNext();
    const first = b.ask(1);
    await new Promise((resolve) => setImmediate(resolve)); // the first batch has started
    const later = [2, 3, 4].map(b.ask);
    await new Promise((resolve) => setImmediate(resolve));
    expect(b.batches).toEqual([[1]]); // the later ones wait for it
    b.release();
    expect(await first).toBe(10);
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
    expect(b.batches).toEqual([[1], [2, 3, 4]]);
  });

  it("refuses one request alone; a failed run fails its whole batch and the next batch still runs", async () => {
    const b = recordingBatcher();
    const answers = await Promise.allSettled([1, -2, 3].map(b.ask));
    expect(answers).toEqual([
      { status: "fulfilled", value: 10 },
      { status: "rejected", reason: new Error("refused -2") },
      { status: "fulfilled", value: 30 },
    ]);

    let fail = true;
    const flaky = createBatcher(async (requests: number[]) => {
      if (fail) {
        fail = false;
        throw new Error("database down");
      }
      return requests;
    });
    const failed = await Promise.allSettled([1, 2].map(flaky));
    expect(failed.map((answer) => answer.status)).toEqual(["rejected", "rejected"]);
    expect(await flaky(3)).toBe(3);
  });

  it("takes at most `max` requests a batch, in the order they came", async () => {
    const b = recordingBatcher(2);
    expect(await Promise.all([1, 2, 3, 4, 5].map(b.ask))).toEqual([10, 20, 30, 40, 50]);
    expect(b.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("settle turns a thrown error into that request's refusal", () => {
    expect(settle(() => 7)).toBe(7);
    const refusal = settle(() => {
      throw new Error("no");
    });
    expect(refusal).toBeInstanceOf(BatchRefusal);
    expect((refusal as BatchRefusal).error).toEqual(new Error("no"));
  });
});
