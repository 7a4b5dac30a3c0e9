import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db, sqlPool } from "../db";
import { newId } from "../ids";
import { nonce } from "../testing/factories";
import { makeWorld } from "../testing/world";
import type { Actor } from "./actor";
import { createChannel } from "./channels";
import { deleteMessage, listMessages, sendMessage } from "./messages";
import { listPins, pinMessage } from "./pins";
import { reactToMessage } from "./reactions";
import { createThread } from "./threads";
import { stopUsage } from "./usage";

const send = (actor: Actor, channelId: string, content: string, extra: { replyToId?: string } = {}) =>
  sendMessage(actor, { channelId, content, nonce: nonce(), ...extra });

/** The SQL statements `run` sends, whichever way (pg directly or through Prisma), with their text and values. */
async function statementsOf(run: () => Promise<unknown>) {
  await stopUsage(); // the usage counters' timer writes in the background: not while statements are counted
  const spy = vi.spyOn(pg.Client.prototype, "query");
  try {
    await run();
    const calls = spy.mock.calls as unknown as [string | { text: string; values?: unknown[] }, unknown[]?][];
    return calls.map(([first, values]) =>
      typeof first === "string" ? { text: first, values } : { text: first.text, values: first.values },
    );
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe("history pages", () => {
  it("are one statement with the access check inside it (two for a page around a message), whatever the messages carry", async () => {
    const w = await makeWorld();
    const { owner, member, member2 } = w.actors;
    const channelId = w.generalChannelId;
    const memberName = (await db.user.findUniqueOrThrow({ where: { id: member.userId } })).username;
    const first = await send(member, channelId, "the first");
    const plain = await send(member2, channelId, "nothing on it");
    const rich = await send(owner, channelId, `@${memberName} see above`, { replyToId: first.id });
    await reactToMessage(member, { messageId: rich.id, emoji: "🎉", add: true });
    await reactToMessage(member2, { messageId: rich.id, emoji: "🎉", add: true });
    await reactToMessage(member2, { messageId: rich.id, emoji: "👍", add: true });
    const thread = await createThread(member, { messageId: first.id });
    await send(member2, thread.id, "in the thread");
    await pinMessage(owner, { messageId: rich.id, pin: true });
    const removed = await send(member2, channelId, "off topic");
    await deleteMessage(owner, removed.id);
    for (let i = 0; i < 6; i++) await send(member, channelId, `later ${i}`);

    let page: Awaited<ReturnType<typeof listMessages>> | undefined;
    const newest = await statementsOf(async () => (page = await listMessages(member, { channelId, limit: 50 })));
    expect(newest).toHaveLength(1);
    const byId = new Map(page!.messages.map((message) => [message.id, message]));

    // what the send answered is what history shows, for a message nothing happened to since
    expect(byId.get(plain.id)).toEqual(plain);
    const shown = byId.get(rich.id)!;
    expect(shown.replyTo).toMatchObject({ id: first.id, content: "the first", unavailable: false });
    expect(shown.mentionNames).toEqual({ [memberName]: "member" });
    expect(shown.reactions).toEqual([
      { emoji: "🎉", count: 2, me: true, users: [expect.objectContaining({ id: member.userId }), expect.anything()] },
      { emoji: "👍", count: 1, me: false, users: [{ id: member2.userId, displayName: "member2" }] },
    ]);
    expect(shown.pinned).toBe(true);
    expect(byId.get(first.id)!.thread).toMatchObject({
      id: thread.id,
      replyCount: 1,
      participants: [expect.objectContaining({ id: member2.userId, displayName: "member2" })],
    });
    expect(byId.get(removed.id)).toMatchObject({ removed: true, content: "", reactions: [] });
    const system = page!.messages.find((message) => message.system?.kind === "messagePinned");
    expect(system?.system).toEqual({ kind: "messagePinned", messageId: rich.id });
    // the pinned list shows the same message the same way
    expect((await listPins(member, channelId)).find((pin) => pin.id === rich.id)).toEqual(shown);

    const ids = page!.messages.map((message) => message.id);
    expect(await statementsOf(() => listMessages(member, { channelId, before: ids[5], limit: 3 }))).toHaveLength(1);
    expect(await statementsOf(() => listMessages(member, { channelId, after: ids[2], limit: 3 }))).toHaveLength(1);
    expect(await statementsOf(() => listMessages(member, { channelId, around: ids[5], limit: 4 }))).toHaveLength(2);
    // an empty page may be a refusal: the full check follows it (a reader of an empty range gets the empty page)
    const pastTheStart = await statementsOf(() => listMessages(member, { channelId, before: ids[0], limit: 3 }));
    expect(pastTheStart).toHaveLength(2);
    // and the pages hold what they should
    const around = await listMessages(member, { channelId, around: ids[5], limit: 4 });
    expect(around.messages.map((message) => message.id)).toEqual(ids.slice(3, 7));
    expect(around).toMatchObject({ hasOlder: true, hasNewer: true });
    const before = await listMessages(member, { channelId, before: ids[5], limit: 3 });
    expect(before.messages.map((message) => message.id)).toEqual(ids.slice(2, 5));
    const after = await listMessages(member, { channelId, after: ids[2], limit: 3 });
    expect(after.messages.map((message) => message.id)).toEqual(ids.slice(3, 6));
  });

  it("walk the channel's own index as a generic plan, for a quiet channel beside a busy one", async () => {
    const w = await makeWorld();
    const { owner, member } = w.actors;
    const quiet = await createChannel(owner, { communityId: w.communityId, name: "quiet" });
    const busy = await createChannel(owner, { communityId: w.communityId, name: "busy" });
    await send(member, quiet.id, "the only message here");
    const count = 20_000;
    await db.$executeRawUnsafe(
      `INSERT INTO "Message" ("id", "channelId", "authorId", "content")
       SELECT $1 || lpad(n::text, 8, '0'), $2, $3, 'busy ' || n FROM generate_series(1, $4) AS n`,
      newId().slice(0, 18),
      busy.id,
      member.userId,
      count,
    );
    await db.$executeRawUnsafe(`ANALYZE "Message"`);

    const newest = await statementsOf(() => listMessages(member, { channelId: quiet.id }));
    const [lastOfBusy] = (await listMessages(member, { channelId: busy.id, limit: 1 })).messages;
    const before = await statementsOf(() => listMessages(member, { channelId: quiet.id, before: lastOfBusy.id }));
    const pages = [newest.at(-1)!, before.at(-1)!];
    expect(pages.map((statement) => statement.text)).toEqual([
      expect.stringContaining(`"channelKey" > $2`),
      expect.stringContaining(`"channelKey" < $2 || $3`),
    ]);

    const client = await sqlPool().connect();
    try {
      await client.query(`SET plan_cache_mode = force_generic_plan`);
      for (const [index, statement] of pages.entries()) {
        const name = `history_plan_${index}`;
        await client.query(`PREPARE ${name} AS ${statement.text}`);
        const values = (statement.values as unknown[]).map((value) =>
          typeof value === "number" ? String(value) : client.escapeLiteral(String(value)),
        );
        const { rows } = await client.query(`EXPLAIN (FORMAT JSON) EXECUTE ${name}(${values.join(", ")})`);
        await client.query(`DEALLOCATE ${name}`);
        const scans = scansOf(rows[0]["QUERY PLAN"][0].Plan).filter((scan) => scan.relation === "Message");
        expect(scans.length, JSON.stringify(scans)).toBeGreaterThan(0);
        for (const scan of scans) {
          expect(scan.type, `a sequential scan of Message: ${statement.text}`).not.toBe("Seq Scan");
          expect(scan.index === "Message_pkey" && scan.direction === "Backward", "a backward primary key scan").toBe(
            false,
          );
        }
        // the page itself comes off the channel's own range of keys
        expect(scans.some((scan) => scan.index === "Message_channelKey_idx")).toBe(true);
        // and the generic plan knows the page's size: with a LIMIT it must guess (a tenth of the
        // range), PostgreSQL keeps re-planning every page (≈ half of its time on a long history)
        expect(limitsOf(rows[0]["QUERY PLAN"][0].Plan), statement.text).toEqual([51]);
      }
    } finally {
      await client.query(`RESET plan_cache_mode`);
      client.release();
    }
  });
});

type Scan = { type: string; relation?: string; index?: string; direction?: string };
type PlanNode = {
  "Node Type": string;
  "Plan Rows": number;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Scan Direction"?: string;
  Plans?: PlanNode[];
};

/** Every scan node of an EXPLAIN (FORMAT JSON) plan. */
function scansOf(node: PlanNode): Scan[] {
  const own: Scan[] = node["Relation Name"]
    ? [
        {
          type: node["Node Type"],
          relation: node["Relation Name"],
          index: node["Index Name"],
          direction: node["Scan Direction"],
        },
      ]
    : [];
  return [...own, ...(node.Plans ?? []).flatMap(scansOf)];
}

/** The estimated rows of every Limit node of a plan. */
function limitsOf(node: PlanNode): number[] {
  return [...(node["Node Type"] === "Limit" ? [node["Plan Rows"]] : []), ...(node.Plans ?? []).flatMap(limitsOf)];
}
