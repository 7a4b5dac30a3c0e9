import type { MessageDTO, MessagePage } from "../dto";

type Stored = { id: string; nonce: string | null; status?: string; reactions: MessageDTO["reactions"] };

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Merges stored messages (live, a catch-up page or an ack) into a channel's list: one entry per id
 * (a pending send is replaced by its stored message, matched by nonce), stored ones in id order,
 * pending ones after them. Whatever order and however often messages arrive, each shows once.
 */
export function mergeMessages<T extends Stored>(current: T[], incoming: MessageDTO[]): T[] {
  const next = [...current];
  for (const message of incoming) {
    const index = next.findIndex(
      (m) => m.id === message.id || (message.nonce && m.status && m.nonce === message.nonce),
    );
    // reactions come from events only: an existing entry keeps its own
    if (index >= 0)
      next[index] = {
        ...message,
        reactions: next[index].status ? message.reactions : next[index].reactions,
      } as unknown as T;
    else next.push(message as unknown as T);
  }
  const stored = next.filter((m) => !m.status).sort(byId);
  return [...stored, ...next.filter((m) => m.status)];
}

/**
 * After a reconnect: pages of what came after the newest message seen, until the present (at most
 * `maxPages` pages; a longer gap leaves the rest to paging down).
 */
export async function catchUp(
  newestSeenId: string,
  fetchAfter: (afterId: string) => Promise<MessagePage | null>,
  onPage: (messages: MessageDTO[]) => void,
  maxPages = 50,
): Promise<{ complete: boolean }> {
  let after = newestSeenId;
  for (let page = 0; page < maxPages; page++) {
    const result = await fetchAfter(after);
    if (!result) return { complete: false };
    onPage(result.messages);
    if (!result.hasNewer || result.messages.length === 0) return { complete: true };
    after = result.messages.at(-1)!.id;
  }
  return { complete: false };
}

/**
 * On every (re)connect: join the channel's room, then fetch what came after the newest message seen
 * before joining. The starting point is taken before the join (live messages arriving meanwhile
 * must not move it past the gap); whatever is published during the join arrives live or in the
 * pages, and mergeMessages drops the doubles.
 */
export async function subscribeAndCatchUp(
  newestSeenBeforeJoining: string | null,
  subscribe: () => Promise<unknown>,
  fetchAfter: (afterId: string) => Promise<MessagePage | null>,
  onPage: (messages: MessageDTO[]) => void,
): Promise<{ complete: boolean }> {
  await subscribe();
  if (!newestSeenBeforeJoining) return { complete: true };
  return catchUp(newestSeenBeforeJoining, fetchAfter, onPage);
}
