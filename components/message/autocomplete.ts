/**
 * The composer's text editing, pure: which `@member`, `:emoji` or `#channel` token the caret is
 * typing (the suggestion list it opens), replacing that token with what was picked, and turning
 * complete `:shortcode:`s into their emoji outside code.
 */

export type TokenKind = "mention" | "emoji" | "channel";
/** A token before the caret: `start` is where its `@`, `:` or `#` is, `end` the caret. */
export type Token = { kind: TokenKind; query: string; start: number; end: number };

const TOKENS: { kind: TokenKind; pattern: RegExp }[] = [
  { kind: "mention", pattern: /(?:^|\s)@([\w.]{0,32})$/ },
  // two characters at least (Discord's rule: "10:30" or ":)" open nothing)
  { kind: "emoji", pattern: /(?:^|[\s(]):([a-z0-9_+-]{2,32})$/i },
  { kind: "channel", pattern: /(?:^|\s)#([^\s#]{0,100})$/u },
];

/** The token the caret is at the end of, if any. */
export function tokenAt(text: string, caret: number): Token | null {
  const before = text.slice(0, caret);
  for (const { kind, pattern } of TOKENS) {
    const match = pattern.exec(before);
    if (match) {
      const query = match[1];
      return { kind, query, start: caret - query.length - 1, end: caret };
    }
  }
  return null;
}

/** The text with the token replaced by `insert` and a space, and where the caret goes. */
export function replaceToken(text: string, token: Pick<Token, "start" | "end">, insert: string) {
  const after = text.slice(token.end);
  const spaced = after.startsWith(" ") ? insert : `${insert} `;
  return { text: `${text.slice(0, token.start)}${spaced}${after}`, caret: token.start + insert.length + 1 };
}

/** Inserts text at the selection (the emoji picker), replacing what is selected. */
export function insertAt(text: string, start: number, end: number, insert: string) {
  return { text: `${text.slice(0, start)}${insert}${text.slice(end)}`, caret: start + insert.length };
}

/** Fenced blocks (closed or not) and inline code spans: never touched. */
const CODE = /```[\s\S]*?(?:```|$)|`[^`\n]*(?:`|$)/g;
/** `:name:` not glued to a word on its left ("10:30:00" is a time); one may follow another (`:tada::+1:`). */
const SHORTCODE = /(?<!\w):([a-z0-9_+-]{2,32}):/gi;

/** Every complete `:shortcode:` the lookup knows becomes its emoji, outside code. */
export function replaceShortcodes(text: string, lookup: (shortcode: string) => string | undefined): string {
  if (!text.includes(":")) return text;
  let result = "";
  let last = 0;
  const prose = (part: string) => part.replace(SHORTCODE, (whole, name: string) => lookup(name.toLowerCase()) ?? whole);
  for (const code of text.matchAll(CODE)) {
    result += prose(text.slice(last, code.index)) + code[0];
    last = code.index + code[0].length;
  }
  return result + prose(text.slice(last));
}

/**
 * After typing a colon: when it closes a known `:shortcode:` right before the caret (outside code),
 * the text with it replaced and the new caret; otherwise null.
 */
export function completeShortcodeAt(
  text: string,
  caret: number,
  lookup: (shortcode: string) => string | undefined,
): { text: string; caret: number } | null {
  const before = text.slice(0, caret);
  const match = /(?<!\w):([a-z0-9_+-]{2,32}):$/i.exec(before);
  if (!match) return null;
  const emoji = lookup(match[1].toLowerCase());
  if (!emoji) return null;
  // inside code when the code spans of the text so far reach its end
  for (const code of before.matchAll(CODE))
    if (code.index + code[0].length >= before.length && code.index <= match.index) return null;
  const start = match.index;
  return { text: `${before.slice(0, start)}${emoji}${text.slice(caret)}`, caret: start + emoji.length };
}
