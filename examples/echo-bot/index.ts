/**
 * An example bot on the SDK: answers `!ping` with `pong` (as a reply) and welcomes new members in
 * #general, in every community its account belongs to.
 *
 *   CHAT_URL=http://localhost:3000 CHAT_TOKEN=cct_… npx tsx examples/echo-bot/index.ts
 *
 * The token is a read-and-write API token of the account the bot speaks as (user settings →
 * Developer). It stops on Ctrl+C.
 */
import { createChatClient, type ChatClient } from "../../lib/sdk/client";
import { connectRealtime, request, type ChatRealtime } from "../../lib/sdk/realtime";

const baseUrl = process.env.CHAT_URL ?? "http://localhost:3000";
const token = process.env.CHAT_TOKEN;
if (!token) {
  console.error("Set CHAT_TOKEN to an API token (user settings → Developer) and CHAT_URL to the app.");
  process.exit(1);
}

const api = createChatClient({ baseUrl, token });
const me = await api.getMe();
const socket = connectRealtime({ baseUrl, token });
/** Each community's #general, where welcomes go. */
const generalOf = new Map<string, string>();

/** Listens in every readable channel of a community (again after a reconnect). */
async function watch(client: ChatClient, live: ChatRealtime, communityId: string) {
  const channels = await client.queryChannelList({ communityId });
  for (const channel of channels) {
    if (channel.kind === "GENERAL") generalOf.set(communityId, channel.id);
    await request(live, "channel:subscribe", { channelId: channel.id });
  }
  return channels.length;
}

socket.on("connect", async () => {
  const communities = await api.queryMyCommunities();
  let channels = 0;
  for (const community of communities) channels += await watch(api, socket, community.id);
  console.log(`echo-bot: @${me.username} listening in ${channels} channels of ${communities.length} communities`);
});

socket.on("community:joined", (community) => void watch(api, socket, community.id));

socket.on("message:new", async (message) => {
  if (message.author.id === me.id || message.content.trim() !== "!ping") return;
  await api
    .sendChannelMessage({
      channelId: message.channelId,
      content: "pong",
      nonce: `pong-${message.id}`,
      replyToId: message.id,
    })
    .catch((error: Error) => console.error(`echo-bot: could not answer: ${error.message}`));
});

socket.on("member:joined", async ({ communityId, member }) => {
  const general = generalOf.get(communityId);
  if (!general || member.id === me.id) return;
  await api
    .sendChannelMessage({
      channelId: general,
      content: `Welcome, ${member.displayName}!`,
      nonce: `welcome-${communityId}-${member.id}`,
    })
    .catch((error: Error) => console.error(`echo-bot: could not welcome: ${error.message}`));
});

socket.on("connect_error", (error) => console.error(`echo-bot: cannot connect: ${error.message}`));
process.on("SIGINT", () => {
  socket.close();
  process.exit(0);
});
