import { describe, expect, test } from "vitest";
import { MARK_EVERY_MS, MARK_PAUSE_MS, ReadMarkSchedule } from "./read-mark-schedule";

/** Timers on a hand-moved clock: `advance` runs what falls due, in order. */
function manualTimers(random = () => 0) {
  let at = 0;
  let next = 1;
  const due = new Map<number, { at: number; run: () => void }>();
  return {
    now: () => at,
    random,
    setTimeout: (run: () => void, ms: number) => {
      const id = next++;
      due.set(id, { at: at + ms, run });
      return id;
    },
    clearTimeout: (id: unknown) => void due.delete(id as number),
    advance(ms: number) {
      const until = at + ms;
      for (;;) {
        const [id, timer] = [...due].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0] ?? [];
        if (!timer) break;
        due.delete(id!);
        at = timer.at;
        timer.run();
      }
      at = until;
    },
  };
}

const id = (n: number) => `01J0000000000000000000${String(n).padStart(4, "0")}`;

function schedule(random?: () => number) {
  const timers = manualTimers(random);
  const sent: { at: number; messageId: string }[] = [];
  const marks = new ReadMarkSchedule((messageId) => sent.push({ at: timers.now(), messageId }), timers);
  return { timers, sent, marks };
}

describe("read marks while watching", () => {
  test("go at most once per interval, each with the newest id seen", () => {
    const { timers, sent, marks } = schedule();
    // 10 messages a second for 30 s, all seen as they land, nothing counted
    for (let n = 1; n <= 300; n++) {
      marks.seen(id(n), false);
      timers.advance(100);
    }
    expect(sent.length).toBeLessThanOrEqual(30_000 / MARK_EVERY_MS + 1);
    expect(sent.length).toBeGreaterThanOrEqual(30_000 / MARK_EVERY_MS - 1);
    for (let i = 1; i < sent.length; i++) expect(sent[i].at - sent[i - 1].at).toBeGreaterThanOrEqual(MARK_EVERY_MS);
    // each carries the newest id seen by then (trailing), never an older one than the last
    for (const { at, messageId } of sent) expect(messageId).toBe(id(Math.floor(at / 100)));
    expect(sent.map((s) => s.messageId)).toEqual([...sent.map((s) => s.messageId)].sort());
  });

  test("a first mark after a quiet while waits a random part of the interval, so readers who saw the same message do not mark in step", () => {
    const firsts = [0, 0.5, 0.999].map((draw) => {
      const draws = [draw, 0, 0, 0];
      const { timers, sent, marks } = schedule(() => draws.shift() ?? 0);
      marks.seen(id(1), false);
      timers.advance(50);
      marks.seen(id(2), false); // more messages land meanwhile: the first draw stands
      timers.advance(MARK_EVERY_MS - 50);
      expect(sent[0]?.messageId).toBe(id(2));
      marks.seen(id(3), false); // watching on: the next one a whole interval after the first
      timers.advance(MARK_EVERY_MS * 2);
      expect(sent[1].at - sent[0].at).toBeCloseTo(MARK_EVERY_MS, 6);
      return sent[0].at;
    });
    expect(firsts[0]).toBe(MARK_PAUSE_MS);
    expect(firsts[1]).toBeGreaterThan(2_000);
    expect(firsts[2]).toBeLessThanOrEqual(MARK_EVERY_MS);
    expect(new Set(firsts).size).toBe(3);
  });

  test("a first mark after a quiet while goes after the short pause at the soonest; one that changes counts always does", () => {
    const { timers, sent, marks } = schedule();
    marks.seen(id(1), false);
    timers.advance(MARK_PAUSE_MS);
    expect(sent.map((s) => s.messageId)).toEqual([id(1)]);
    marks.seen(id(2), false);
    timers.advance(MARK_PAUSE_MS);
    expect(sent).toHaveLength(1); // within the interval: waits
    marks.seen(id(3), true); // the channel shows unread messages: goes now
    timers.advance(MARK_PAUSE_MS);
    expect(sent.map((s) => s.messageId)).toEqual([id(1), id(3)]);
  });

  test("flush sends what waits at once, and nothing twice; drop forgets it; old ids are ignored", () => {
    const { timers, sent, marks } = schedule();
    marks.seen(id(5), false);
    marks.flush();
    expect(sent.map((s) => s.messageId)).toEqual([id(5)]);
    marks.flush();
    marks.seen(id(4), false);
    marks.seen(id(5), true);
    timers.advance(MARK_EVERY_MS * 2);
    expect(sent).toHaveLength(1);
    marks.seen(id(6), false);
    expect(marks.pending).toBe(id(6));
    marks.drop(); // "mark as read" covered it
    timers.advance(MARK_EVERY_MS * 2);
    expect(sent).toHaveLength(1);
    expect(marks.pending).toBeNull();
  });
});
