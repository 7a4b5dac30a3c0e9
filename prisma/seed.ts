// Demo data through the domain layer: a demo user (password generated once, kept in .data/),
// a second user, a community with a few channels and a conversation.
//   tsx prisma/seed.ts    (uses DATABASE_URL, or the embedded database while the app is stopped)
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { db, disconnectDb } from "../lib/db";
import { createChannel } from "../lib/domain/channels";
import { createCommunity } from "../lib/domain/communities";
import { acceptInvite, createInvite } from "../lib/domain/invites";
import { sendMessage } from "../lib/domain/messages";
import { pinMessage } from "../lib/domain/pins";
import { reactToMessage } from "../lib/domain/reactions";
import { registerUser, setPassword } from "../lib/domain/users";
import { createThread } from "../lib/domain/threads";
import { limits } from "../lib/limits";

const dataRoot = path.resolve(process.env.DATA_DIR ?? ".data");

const randomDigits = (count: number) => Array.from(randomBytes(count), (byte) => byte % 10).join("");

function demoPassword(): string {
  const file = path.join(dataRoot, "demo-password");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataRoot, { recursive: true });
    fs.writeFileSync(file, `chat-${randomDigits(8)}`, { mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}

const conversation: Array<[0 | 1, string]> = [
  [0, "Welcome to the demo community! 👋"],
  [1, "Hi! Is this the place to ask about the project?"],
  [0, "Yes: #help for questions, #random for everything else."],
  [1, "Great. Messages arrive live in every open tab, no reload needed."],
  [0, "Try it: open this channel in a second browser and send something.\nShift+Enter makes a new line; Enter sends."],
  [
    1,
    'Markdown works too: **bold**, *italic*, ~~strike~~, `inline code` and [links](https://example.com).\n```ts\nconst greeting: string = "hello";\n```',
  ],
  [0, "> Messages can be quoted\n\nand @ada gets a highlighted mention. Hover a message to react, reply or pin it."],
];

export async function seedDemo(): Promise<{ username: string; password: string }> {
  const password = demoPassword();
  const username = "demo";
  const existing = await db.user.findUnique({ where: { username } });
  if (existing) {
    await setPassword({ userId: existing.id }, { password });
    return { username, password };
  }
  const demo = await registerUser({ username, displayName: "Demo User", password });
  const ada = await registerUser({ username: "ada", displayName: "Ada Lovelace", password: `Zq-${randomDigits(12)}` });
  const users = [{ userId: demo.id }, { userId: ada.id }];
  const { community, generalChannelId } = await createCommunity(users[0], {
    name: "Demo Community",
    notice: "A place to try the chat.",
  });
  const invite = await createInvite(users[0], { communityId: community.id, expiresIn: "never" });
  await acceptInvite(users[1], invite.code);
  await createChannel(users[0], { communityId: community.id, name: "random", topic: "Anything goes" });
  await createChannel(users[0], { communityId: community.id, name: "help", topic: "Questions and answers" });
  // The conversation is written at once: SPEC's minimum gap between one user's sends is for people typing.
  const gapMs = limits.sendGapMs;
  limits.sendGapMs = 0;
  try {
    const sent = [];
    for (const [index, [author, content]] of conversation.entries()) {
      sent.push(await sendMessage(users[author], { channelId: generalChannelId, content, nonce: `seed-${index}` }));
    }
    await sendMessage(users[1], {
      channelId: generalChannelId,
      content: "Got it, thanks!",
      nonce: "seed-reply",
      replyToId: sent[2].id,
    });
    await reactToMessage(users[1], { messageId: sent[0].id, emoji: "🎉", add: true });
    await reactToMessage(users[0], { messageId: sent[0].id, emoji: "🎉", add: true });
    await reactToMessage(users[0], { messageId: sent[3].id, emoji: "👍", add: true });
    await pinMessage(users[0], { messageId: sent[0].id, pin: true });
    const thread = await createThread(users[1], { messageId: sent[1].id, name: "Where to ask questions" });
    await sendMessage(users[0], {
      channelId: thread.id,
      content: "Threads keep side discussions out of the channel. Replies here update the summary live.",
      nonce: "seed-thread-1",
    });
    await sendMessage(users[1], {
      channelId: thread.id,
      content: "Nice: and I follow it now, so new replies show up in my sidebar.",
      nonce: "seed-thread-2",
    });
  } finally {
    limits.sendGapMs = gapMs;
  }
  return { username, password };
}

async function main() {
  let embedded: { close(): Promise<void> } | undefined;
  if (!process.env.DATABASE_URL) {
    const { openEmbeddedDatabase, defaultDataDir } = await import("../lib/postgres/embedded");
    const opened = await openEmbeddedDatabase(defaultDataDir());
    process.env.DATABASE_URL = opened.url;
    process.env.DATABASE_POOL_SIZE = "1";
    process.env.DATABASE_KIND = "embedded";
    embedded = opened;
  }
  try {
    const demo = await seedDemo();
    console.log(`Demo user: ${demo.username} / password: ${demo.password}`);
  } finally {
    await disconnectDb();
    await embedded?.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
