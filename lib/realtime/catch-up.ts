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

/** At most this many pages after a reconnect; a longer gap is left to paging down. */
const CATCH_UP_PAGES = 50;

/**
 * After a reconnect: pages of what came after the newest message seen, until the present (at most
 * `maxPages` pages; a longer gap leaves the rest to paging down).
 */
export async function catchUp(
  newestSeenId: string,
  fetchAfter: (afterId: string) => Promise<MessagePage | null>,
  onPage: (messages: MessageDTO[]) => void,
  maxPages = CATCH_UP_PAGES,
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
 * On every (re)connect: join the channel's room, then what came after the newest message seen before
 * joining. The starting point is taken before the join (live messages arriving meanwhile must not
 * move it past the gap); whatever is published during the join arrives live or in the pages, and
 * mergeMessages drops the doubles. The subscription's answer carries the first page (`subscribe`
 * is given the starting point); further pages, or all of them when the subscription gave none (it
 * failed), come from `fetchAfter`.
 */
export async function subscribeAndCatchUp(
  newestSeenBeforeJoining: string | null,
  subscribe: (after: string | null) => Promise<{ page?: MessagePage } | null>,
  fetchAfter: (afterId: string) => Promise<MessagePage | null>,
  onPage: (messages: MessageDTO[]) => void,
): Promise<{ complete: boolean }> {
  const joined = await subscribe(newestSeenBeforeJoining);
  if (!newestSeenBeforeJoining) return { complete: true };
  const first = joined?.page;
  if (!first) return catchUp(newestSeenBeforeJoining, fetchAfter, onPage);
  onPage(first.messages);
  if (!first.hasNewer || first.messages.length === 0) return { complete: true };
  return catchUp(first.messages.at(-1)!.id, fetchAfter, onPage, CATCH_UP_PAGES - 1);
}
