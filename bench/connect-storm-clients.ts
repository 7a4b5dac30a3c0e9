// Child process of bench/connect-storm.ts: a share of the simulated clients, each a socket.io-client
// connection that behaves like a browser tab viewing one channel (components/message/use-channel-messages.ts):
// on every (re)connect it subscribes to its channel, catching up from the newest message it holds in
// the subscription's answer (further pages over HTTP: lib/realtime/catch-up.ts), and merges live
// `message:new` events into the same list.
// IPC from the parent: {type:"connect", url, clients, concurrency} → {type:"connected", …};
// {type:"verify", expected} → {type:"verified", …}; {type:"stats"} → {type:"stats", …};
// {type:"disconnect"} → {type:"disconnected"}. Reports {type:"caught-up", index, at, connects} after every
// catch-up.
import { performance } from "node:perf_hooks";
import { io as connect, type Socket } from "socket.io-client";
import type { MessageDTO, MessagePage } from "../lib/dto";
import { mergeMessages, subscribeAndCatchUp } from "../lib/realtime/catch-up";

export type StormClient = { index: number; cookie?: string; channelId: string; newest: MessageDTO | null };
export type ToClients =
  | { type: "connect"; url: string; clients: StormClient[]; concurrency: number }
  | { type: "verify"; expected: Record<string, string[]> }
  | { type: "stats" }
  | { type: "disconnect" };

if (!process.send) throw new Error("connect-storm-clients.ts runs as a child of bench/connect-storm.ts");
const send = (message: unknown) => process.send!(message);
/** Wall-clock milliseconds, comparable between the processes of one machine. */
const clock = () => performance.timeOrigin + performance.now();

type Held = { id: string; nonce: string | null; status?: string; reactions: MessageDTO["reactions"] };
type Tab = StormClient & {
  socket: Socket;
  messages: Held[];
  connects: number;
  catchUpFailures: number;
  subscribeFailures: number;
};

const tabs: Tab[] = [];
let presenceBatches = 0;
let presenceBytes = 0;
let liveMessages = 0;
let lastHandshakeAt = 0;
const failures = new Map<string, number>(); // what went wrong, how often
const note = (what: string) => failures.set(what, (failures.get(what) ?? 0) + 1);

/** Only what the merge and the check need: a held message keeps its id. */
const slim = (message: MessageDTO) => ({ ...message, content: "", author: null }) as unknown as MessageDTO;

function open(url: string, client: StormClient): Promise<void> {
  const socket = connect(url, {
    transports: ["websocket"],
    extraHeaders: { origin: url, ...(client.cookie ? { cookie: client.cookie } : {}) },
    forceNew: true,
    timeout: 60_000,
    // the browser's SocketProvider: socket.io-client's backoff (1 s doubling, ±50 %), at most 5 s apart
    reconnectionDelayMax: 5_000,
  });
  const tab: Tab = {
    ...client,
    socket,
    messages: client.newest ? [slim(client.newest) as unknown as Held] : [],
    connects: 0,
    catchUpFailures: 0,
    subscribeFailures: 0,
  };
  tabs.push(tab);
  const merge = (messages: MessageDTO[]) => {
    tab.messages = mergeMessages(tab.messages, messages.map(slim));
  };
  socket.on("message:new", (message: MessageDTO) => {
    liveMessages++;
    if (message.channelId === tab.channelId) merge([message]);
  });
  socket.on("disconnect", (reason) => note(`disconnect: ${reason}`));
  socket.on("connect_error", (error) => tab.connects > 0 && note(`reconnect error: ${error.message}`));
  socket.on("presence:changes", (batch: { online: string[]; idle: string[]; offline: string[] }) => {
    presenceBatches++;
    presenceBytes += JSON.stringify(batch).length;
  });
  const fetchAfter = async (after: string): Promise<MessagePage | null> => {
    const response = await fetch(`${url}/api/channels/${tab.channelId}/messages?after=${after}&limit=100`, {
      headers: client.cookie ? { cookie: client.cookie } : {},
    }).catch((error: Error) => (note(`catch-up fetch: ${error.cause ?? error.message}`), null));
    const page = (await response?.json().catch(() => null)) as
      { ok: true; data: MessagePage } | { ok: false; code: number; message: string } | null;
    if (!page?.ok) {
      tab.catchUpFailures++;
      if (page) note(`catch-up answer: ${page.code} ${page.message}`);
    }
    return page?.ok ? page.data : null;
  };
  const subscribeOnce = async (after: string | null) => {
    const answer = await socket
      .timeout(60_000)
      .emitWithAck("channel:subscribe", after ? { channelId: tab.channelId, after } : { channelId: tab.channelId })
      .catch(() => null);
    if (!answer?.ok) {
      tab.subscribeFailures++;
      note(`subscribe: ${answer ? JSON.stringify(answer) : "no answer"}`);
      return null;
    }
    return answer.data as { page?: MessagePage };
  };
  let first = true;
  return new Promise<void>((resolve, reject) => {
    socket.on("connect", async () => {
      tab.connects++;
      if (first) lastHandshakeAt = Math.max(lastHandshakeAt, clock());
      // the first connect finds the tab current (it holds its channel's newest message); a reconnect
      // catches up from what the tab holds before joining (lib/realtime/catch-up.ts)
      const newest = tab.connects > 1 ? (tab.messages.filter((m) => !m.status).at(-1)?.id ?? null) : null;
      await subscribeAndCatchUp(newest, subscribeOnce, fetchAfter, merge);
      send({ type: "caught-up", index: tab.index, at: clock(), connects: tab.connects });
      if (first) {
        first = false;
        resolve();
      }
    });
    socket.once("connect_error", (error) => first && reject(new Error(`client ${client.index}: ${error.message}`)));
  });
}

/** Opens the clients, at most `concurrency` handshakes (and subscriptions) in flight at once. */
async function openAll(url: string, clients: StormClient[], concurrency: number) {
  const started = clock();
  lastHandshakeAt = 0;
  let next = 0;
  let failed: string | null = null;
  const lane = async () => {
    while (next < clients.length && !failed) {
      const client = clients[next++];
      await open(url, client).catch((error: Error) => {
        failed = error.message;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return { started, handshakesDone: lastHandshakeAt, finished: clock(), failed };
}

process.on("message", async (message: ToClients) => {
  if (message.type === "connect") {
    const result = await openAll(message.url, message.clients, message.concurrency);
    send({ type: "connected", ...result });
  } else if (message.type === "verify") {
    let complete = 0;
    const problems: string[] = [];
    for (const tab of tabs) {
      const expected = message.expected[tab.channelId] ?? [];
      const got = tab.messages.filter((m) => !m.status).map((m) => m.id);
      const start = got.length ? expected.indexOf(got[0]) : -1;
      const same =
        start >= 0 && got.length === expected.length - start && got.every((id, i) => id === expected[start + i]);
      if (same) complete++;
      else if (problems.length < 5)
        problems.push(
          `client ${tab.index}: holds ${got.length} messages, expected ${expected.length - Math.max(0, start)}`,
        );
    }
    send({ type: "verified", complete, total: tabs.length, problems });
  } else if (message.type === "stats") {
    send({
      type: "stats",
      connected: tabs.filter((tab) => tab.socket.connected).length,
      presenceBatches,
      presenceBytes,
      liveMessages,
      catchUpFailures: tabs.reduce((n, tab) => n + tab.catchUpFailures, 0),
      subscribeFailures: tabs.reduce((n, tab) => n + tab.subscribeFailures, 0),
      reconnects: tabs.reduce((n, tab) => n + Math.max(0, tab.connects - 1), 0),
      failures: Object.fromEntries(failures),
    });
  } else if (message.type === "disconnect") {
    for (const tab of tabs.splice(0)) tab.socket.disconnect();
    presenceBatches = presenceBytes = liveMessages = 0;
    failures.clear();
    send({ type: "disconnected" });
  }
});
process.on("disconnect", () => process.exit(0));
send({ type: "ready" });
