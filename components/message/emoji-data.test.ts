import compact from "emojibase-data/en/compact.json";
import joypixels from "emojibase-data/en/shortcodes/joypixels.json";
import { afterEach, describe, expect, test, vi } from "vitest";
import {
  buildEmojiIndex,
  emojiInTone,
  loadEmojiIndex,
  loadedEmojiIndex,
  readSkinTone,
  saveSkinTone,
  searchEmoji,
  type EmojibaseEntry,
  type ShortcodeData,
} from "./emoji-data";

const index = buildEmojiIndex(compact as readonly EmojibaseEntry[], joypixels as unknown as ShortcodeData);
const codes = (query: string, limit?: number) => searchEmoji(index, query, limit).map((m) => m.shortcode);

describe("the emoji index (emojibase, JoyPixels shortcodes)", () => {
  test("Discord's everyday shortcodes", () => {
    const emoji = (code: string) => index.byShortcode.get(code)?.emoji;
    expect(emoji("smile")).toBe("😄");
    expect(emoji("joy")).toBe("😂");
    expect(emoji("thumbsup")).toBe("👍");
    expect(emoji("+1")).toBe("👍");
    expect(emoji("heart")).toBe("❤️");
    expect(emoji("slight_smile")).toBe("🙂");
    expect(emoji("tada")).toBe("🎉");
    expect(emoji("wave_tone1")).toBeUndefined(); // tones come from the reader's choice
  });

  test(":query → exact first, then prefixes (shorter first), then later words; each emoji once", () => {
    expect(codes("smile")[0]).toBe("smile");
    expect(codes("smi")).toEqual(expect.arrayContaining(["smile", "smiley", "smirk"]));
    expect(codes("smi")).toHaveLength(8);
    expect(codes("smi", 3)).toHaveLength(3);
    const cat = codes("cat", 50);
    expect(cat[0]).toBe("cat");
    expect(cat).toContain("smile_cat");
    expect(cat.indexOf("cat2")).toBeLessThan(cat.indexOf("smile_cat"));
    const emojis = searchEmoji(index, "heart", 50).map((m) => m.entry.emoji);
    expect(new Set(emojis).size).toBe(emojis.length);
    expect(codes("")).toEqual([]);
    expect(codes("qqqqzz")).toEqual([]);
  });

  test("skin tones: the variant of that tone, the emoji itself when it has none", () => {
    const wave = index.byShortcode.get("wave")!;
    expect(emojiInTone(wave, "neutral")).toBe("👋");
    expect(emojiInTone(wave, "1f3fb")).toBe("👋🏻");
    expect(emojiInTone(wave, "1f3ff")).toBe("👋🏿");
    expect(emojiInTone(index.byShortcode.get("smile")!, "1f3fd")).toBe("😄");
    // two people: both in the chosen tone
    const holding = index.byShortcode.get("people_holding_hands")!;
    expect(emojiInTone(holding, "1f3fc")).toBe("🧑🏼‍🤝‍🧑🏼");
  });

  test("builds from any data of the same shape", () => {
    const tiny = buildEmojiIndex(
      [
        { hexcode: "1F44B", unicode: "👋", order: 2, skins: [{ hexcode: "1F44B-1F3FB", unicode: "👋🏻" }] },
        { hexcode: "1F600", unicode: "😀", order: 1 },
        { hexcode: "1F1E6", unicode: "🇦" }, // no order: a component, left out
      ],
      { "1F44B": "wave", "1F600": ["grinning", "Grin"], "1F1E6": "regional_indicator_a" },
    );
    expect(tiny.entries.map((e) => e.emoji)).toEqual(["😀", "👋"]);
    expect(tiny.byShortcode.get("grin")?.emoji).toBe("😀");
    expect(emojiInTone(tiny.byShortcode.get("wave")!, "1f3fb")).toBe("👋🏻");
    expect(emojiInTone(tiny.byShortcode.get("wave")!, "1f3fc")).toBe("👋"); // missing tone: the plain emoji
  });
});

describe("the remembered skin tone", () => {
  afterEach(() => vi.unstubAllGlobals());

  test("kept in localStorage; unknown values and no storage mean no tone", () => {
    const store = new Map<string, string>();
    vi.stubGlobal("localStorage", {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => store.set(key, value),
    });
    expect(readSkinTone()).toBe("neutral");
    saveSkinTone("1f3fd");
    expect(readSkinTone()).toBe("1f3fd");
    saveSkinTone("purple");
    expect(readSkinTone()).toBe("1f3fd");
    store.set("emoji:skin-tone", "junk");
    expect(readSkinTone()).toBe("neutral");
    vi.stubGlobal("localStorage", undefined);
    expect(readSkinTone()).toBe("neutral");
    expect(() => saveSkinTone("1f3fb")).not.toThrow();
  });
});

test("loads the data once, lazily", async () => {
  expect(loadedEmojiIndex()).toBeNull();
  const [a, b] = await Promise.all([loadEmojiIndex(), loadEmojiIndex()]);
  expect(a).toBe(b);
  expect(loadedEmojiIndex()).toBe(a);
  expect(a.byShortcode.get("smile")?.emoji).toBe("😄");
});
