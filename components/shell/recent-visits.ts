// The quick switcher's recent visits (localStorage, most recent first): recorded on every page, read
// when the switcher opens.

const RECENT_KEY = "quick-switcher:recent";
const RECENT_MAX = 30;

type KeyValueStorage = Pick<Storage, "getItem" | "setItem">;

function browserStorage(): KeyValueStorage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null; // storage blocked: nothing is remembered
  }
}

/**
 * The target key of an app path: `/c/<community>` → community, `/c/<c>/<channel>` → channel,
 * `?thread=` → thread, `?member=` → person.
 */
export function visitKey(path: string): string | null {
  let url: URL;
  try {
    url = new URL(path, "http://switcher.invalid");
  } catch {
    return null;
  }
  const [root, communityId, channelId, ...rest] = url.pathname.split("/").filter(Boolean);
  if (root !== "c" || !communityId || rest.length > 0) return null;
  const memberId = url.searchParams.get("member");
  if (memberId) return `person:${memberId}`;
  if (!channelId) return `community:${communityId}`;
  if (channelId === "settings") return null;
  const threadId = url.searchParams.get("thread");
  return threadId ? `thread:${threadId}` : `channel:${channelId}`;
}

/** The remembered target keys, most recent first. */
export function recentVisits(storage: KeyValueStorage | null = browserStorage()): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(RECENT_KEY) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((key): key is string => typeof key === "string") : [];
  } catch {
    return [];
  }
}

/** Records a visit to an app path (other paths are ignored), most recent first, without duplicates. */
export function rememberVisit(path: string, storage: KeyValueStorage | null = browserStorage()) {
  const key = visitKey(path);
  if (!key || !storage) return;
  const next = [key, ...recentVisits(storage).filter((known) => known !== key)].slice(0, RECENT_MAX);
  try {
    storage.setItem(RECENT_KEY, JSON.stringify(next));
  } catch {
    // storage full or blocked: the list simply does not move
  }
}
