/** A channel that `#name` can point to: one the reader can see in this community. */
export type ChannelLink = { id: string; name: string };

/** `#name` in text: not right after a letter, digit, `&` or `#` (C#, &#35;, ##); up to the next space or `#`. */
export const CHANNEL_TOKEN = /(?<![\p{L}\p{N}_&#])#([^\s#]+)/gu;

/** What a sentence may put right after a channel name: "see #general." */
const TRAILING_PUNCTUATION = /[.,!?;:)\]}'"»…]$/u;

/** Lower-case name → channel id. */
export const channelsByName = (channels: readonly ChannelLink[]): Map<string, string> =>
  new Map(channels.map((channel) => [channel.name.toLowerCase(), channel.id]));

/**
 * The channel a `#token` names (its text after the `#`), trying the whole token first and then
 * without trailing punctuation; `length` is how much of the token the name covers.
 */
export function resolveChannelToken(
  token: string,
  byName: ReadonlyMap<string, string>,
): { id: string; name: string; length: number } | undefined {
  let name = token;
  while (name) {
    const id = byName.get(name.toLowerCase());
    if (id) return { id, name: name.toLowerCase(), length: name.length };
    if (!TRAILING_PUNCTUATION.test(name)) return undefined;
    name = name.slice(0, -1);
  }
  return undefined;
}

export const channelPath = (communityId: string, channelId: string) => `/c/${communityId}/${channelId}`;

/** `#query` suggestions: names starting with it first, then names with a word starting with it. */
export function matchChannels(channels: readonly ChannelLink[], query: string, limit = 8): ChannelLink[] {
  const q = query.toLowerCase();
  const starts = channels.filter((channel) => channel.name.toLowerCase().startsWith(q));
  const words = channels.filter(
    (channel) =>
      !channel.name.toLowerCase().startsWith(q) &&
      channel.name
        .toLowerCase()
        .split(/[-_\s]/)
        .some((word) => word.startsWith(q)),
  );
  return [...starts, ...words].slice(0, limit);
}
