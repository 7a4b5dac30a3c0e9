import { describe, expect, test } from "vitest";
import type { MessageDTO } from "../dto";
import { mergeMessages } from "./catch-up";

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
