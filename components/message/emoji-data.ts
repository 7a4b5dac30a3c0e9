/**
 * Emoji by `:shortcode:` for the composer. The data (emojibase: Unicode's emoji with the shortcodes
 * Discord's come from, JoyPixels') is ~800 KB of JSON, so it loads only when the first `:` is typed.
 */

/** What is read of an emojibase "compact" entry. */
export type EmojibaseEntry = {
  hexcode: string;
  unicode: string;
  order?: number;
  skins?: readonly { hexcode: string; unicode: string }[];
};
/** emojibase shortcodes: hexcode → one shortcode or several. */
export type ShortcodeData = Readonly<Record<string, string | readonly string[]>>;

export type EmojiEntry = {
  emoji: string;
  shortcodes: readonly string[];
  /** the emoji in skin tones 1 (light) … 5 (dark), when it has them */
  skins?: readonly string[];
  order: number;
};
export type EmojiIndex = { entries: readonly EmojiEntry[]; byShortcode: ReadonlyMap<string, EmojiEntry> };
export type EmojiMatch = { entry: EmojiEntry; shortcode: string };

/** The picker's skin tones (emoji-picker-react's values), index = tone 0 (none) … 5. */
export const SKIN_TONES = ["neutral", "1f3fb", "1f3fc", "1f3fd", "1f3fe", "1f3ff"] as const;
export type SkinTone = (typeof SKIN_TONES)[number];
const SKIN_TONE_KEY = "emoji:skin-tone";

export function readSkinTone(): SkinTone {
  try {
    const stored = localStorage.getItem(SKIN_TONE_KEY);
    return SKIN_TONES.find((tone) => tone === stored) ?? "neutral";
  } catch {
    return "neutral";
  }
}

export function saveSkinTone(tone: string) {
  try {
    if (SKIN_TONES.some((known) => known === tone)) localStorage.setItem(SKIN_TONE_KEY, tone);
  } catch {
    // storage unavailable (private mode): the tone lasts for this page only
  }
}

/** emojibase writes U+FE0F after characters that are emoji already (👍️): the picker's form has none (👍). */
const withoutExtraSelectors = (emoji: string) => emoji.replace(/(\p{Emoji_Presentation})\uFE0F/gu, "$1");

const MODIFIERS = new Set(SKIN_TONES.slice(1).map((tone) => tone.toUpperCase()));

/** The five skin-tone forms of an emoji: each the variant whose modifiers are all that tone. */
function skinsOf(entry: EmojibaseEntry): string[] | undefined {
  if (!entry.skins?.length) return undefined;
  const skins = SKIN_TONES.slice(1).map((tone) => {
    const modifier = tone.toUpperCase();
    const skin = entry.skins!.find((s) => {
      const used = s.hexcode.split("-").filter((code) => MODIFIERS.has(code));
      return used.length > 0 && used.every((code) => code === modifier);
    });
    return withoutExtraSelectors(skin?.unicode ?? entry.unicode);
  });
  return skins;
}

/** Emoji with their shortcodes (lower case), in Unicode's order; emoji without a shortcode are left out. */
export function buildEmojiIndex(data: readonly EmojibaseEntry[], shortcodes: ShortcodeData): EmojiIndex {
  const entries: EmojiEntry[] = [];
  const byShortcode = new Map<string, EmojiEntry>();
  for (const item of data) {
    const codes = shortcodes[item.hexcode];
    if (!codes || item.order === undefined) continue;
    const entry: EmojiEntry = {
      emoji: withoutExtraSelectors(item.unicode),
      shortcodes: (typeof codes === "string" ? [codes] : codes).map((code) => code.toLowerCase()),
      skins: skinsOf(item),
      order: item.order,
    };
    entries.push(entry);
    for (const code of entry.shortcodes) if (!byShortcode.has(code)) byShortcode.set(code, entry);
  }
  entries.sort((a, b) => a.order - b.order);
  return { entries, byShortcode };
}

/** The emoji in the reader's skin tone, when it has skin tones. */
export function emojiInTone(entry: EmojiEntry, tone: SkinTone): string {
  const index = SKIN_TONES.indexOf(tone);
  return (index > 0 && entry.skins?.[index - 1]) || entry.emoji;
}

/**
 * Emoji for `:query`: an exact shortcode first, then shortcodes starting with the query, then those
 * with a later word starting with it (`:cat` → smile_cat); shorter shortcodes first, each emoji once.
 */
export function searchEmoji(index: EmojiIndex, query: string, limit = 8): EmojiMatch[] {
  const q = query.toLowerCase();
  if (!q) return [];
  const ranked: { match: EmojiMatch; rank: number }[] = [];
  for (const entry of index.entries) {
    let best: { shortcode: string; rank: number } | undefined;
    for (const shortcode of entry.shortcodes) {
      const rank =
        shortcode === q
          ? 0
          : shortcode.startsWith(q)
            ? 1
            : shortcode
                  .split("_")
                  .slice(1)
                  .some((w) => w.startsWith(q))
              ? 2
              : 3;
      if (rank < 3 && (!best || rank < best.rank || (rank === best.rank && shortcode.length < best.shortcode.length)))
        best = { shortcode, rank };
    }
    if (best) ranked.push({ match: { entry, shortcode: best.shortcode }, rank: best.rank });
  }
  ranked.sort(
    (a, b) =>
      a.rank - b.rank ||
      a.match.shortcode.length - b.match.shortcode.length ||
      a.match.entry.order - b.match.entry.order,
  );
  return ranked.slice(0, limit).map(({ match }) => match);
}

let loaded: EmojiIndex | null = null;
let loading: Promise<EmojiIndex> | null = null;

/** The index, once loaded (null before: the caller asks loadEmojiIndex). */
export const loadedEmojiIndex = () => loaded;

/** Loads the data once (a separate chunk) and builds the index. */
export function loadEmojiIndex(): Promise<EmojiIndex> {
  loading ??= Promise.all([
    import("emojibase-data/en/compact.json"),
    import("emojibase-data/en/shortcodes/joypixels.json"),
  ]).then(
    ([data, shortcodes]) => {
      loaded = buildEmojiIndex(
        data.default as readonly EmojibaseEntry[],
        shortcodes.default as unknown as ShortcodeData,
      );
      return loaded;
    },
    (error: unknown) => {
      loading = null; // offline, a failed chunk: try again on the next `:`
      throw error;
    },
  );
  return loading;
}
