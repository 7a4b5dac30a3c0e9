import { describe, expect, test } from "vitest";
import type { MessageDTO } from "../dto";
import { mergeMessages, subscribeAndCatchUp } from "./catch-up";

const stored = (id: string, nonce: string | null = null) =>
  ({ id, nonce, content: id, reactions: [] }) as unknown as MessageDTO;
const shell = (nonce: string, status: "pending" | "failed" = "pending") => ({
  ...stored(`pending-${nonce}`, nonce),
  status,
});

describe("mergeMessages and outbox shells", () => {
  test("a shell is replaced by its stored message, however the message arrives and however often", () => {
    const start = [stored("01"), shell("n1"), shell("n2")];
    const liveThenAck = mergeMessages(mergeMessages(start, [stored("05", "n1")]), [stored("05", "n1")]);
    expect(liveThenAck.map((m) => m.id)).toEqual(["01", "05", "pending-n2"]);
    const catchUpThenAck = mergeMessages(mergeMessages(start, [stored("02"), stored("05", "n1")]), [
      stored("05", "n1"),
    ]);
    expect(catchUpThenAck.map((m) => m.id)).toEqual(["01", "02", "05", "pending-n2"]);
  });

  test("a failed shell whose message turns out stored is replaced too; stored messages stay in id order before shells", () => {
    const merged = mergeMessages(
      [stored("01"), shell("n1", "failed"), shell("n2")],
      [stored("07", "n2"), stored("03", "n1")],
    );
    expect(merged.map((m) => [m.id, "status" in m ? m.status : "sent"])).toEqual([
      ["01", "sent"],
      ["03", "sent"],
      ["07", "sent"],
    ]);
  });
});

describe("subscribeAndCatchUp", () => {
  const page = (ids: string[], hasNewer: boolean) => ({
    messages: ids.map((id) => stored(id)),
    hasOlder: true,
    hasNewer,
  });

  test("the subscription's answer carries the first page; further pages come from fetchAfter, from where it ended", async () => {
    const asked: (string | null)[] = [];
    const fetched: string[] = [];
    const got: string[] = [];
    const result = await subscribeAndCatchUp(
      "03",
      async (after) => (asked.push(after), { page: page(["04", "05"], true) }),
      async (after) => (fetched.push(after), page(["06"], false)),
      (messages) => got.push(...messages.map((m) => m.id)),
    );
    expect(result).toEqual({ complete: true });
    expect(asked).toEqual(["03"]);
    expect(fetched).toEqual(["05"]);
    expect(got).toEqual(["04", "05", "06"]);
  });

  test("a page that reaches the present needs nothing more; a tab holding nothing asks for no page", async () => {
    const fetched: string[] = [];
    const fetchAfter = async (after: string) => (fetched.push(after), null);
    expect(
      await subscribeAndCatchUp(
        "03",
        async () => ({ page: page([], false) }),
        fetchAfter,
        () => {},
      ),
    ).toEqual({
      complete: true,
    });
    const asked: (string | null)[] = [];
    await subscribeAndCatchUp(
      null,
      async (after) => (asked.push(after), {}),
      fetchAfter,
      () => {},
    );
    expect(asked).toEqual([null]);
    expect(fetched).toEqual([]);
  });

  test("a subscription that failed or gave no page: the whole catch-up comes from fetchAfter", async () => {
    for (const answer of [null, {}]) {
      const fetched: string[] = [];
      const got: string[] = [];
      await subscribeAndCatchUp(
        "03",
        async () => answer,
        async (after) => (fetched.push(after), page(after === "03" ? ["04"] : [], false)),
        (messages) => got.push(...messages.map((m) => m.id)),
      );
      expect(fetched).toEqual(["03"]);
      expect(got).toEqual(["04"]);
    }
  });
});
