/** Markdown reduced to its words, for one-line quotes (reply previews, a thread's starter, notifications). */
export function plainText(markdown: string) {
  return markdown
    .replace(/```[\s\S]*?(```|$)/g, " [code] ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|~~|`|\*)/g, "")
    .replace(/^\s*(>|#{1,3})\s+/gm, "")
    .replace(/\s+/g, " ")
    .trim();
}
