import type { Element, ElementContent, Root } from "hast";

/** The search highlight: a theme token, readable on both themes (text-strong on a warm tint). */
export const HIGHLIGHT_CLASSES = ["rounded-sm", "bg-warning/30", "px-px", "text-strong"];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Words that start with one of the terms, case-insensitively, each match running to the end of its
 * word (the server matches every word as a prefix); null without terms.
 */
export function termPattern(terms: readonly string[]): RegExp | null {
  const usable = [...new Set(terms.filter(Boolean))].sort((a, b) => b.length - a.length);
  if (usable.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${usable.map(escapeRegExp).join("|")})[\\p{L}\\p{N}]*`, "giu");
}

/** Where a text holds matches of the terms, as [start, end) ranges in order. */
export function highlightRanges(text: string, terms: readonly string[]): { start: number; end: number }[] {
  const pattern = termPattern(terms);
  if (!pattern) return [];
  return [...text.matchAll(pattern)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
}

/**
 * rehype: every match of the search terms in a text node becomes a `<mark>` around that text. Only
 * text nodes are split, so code blocks (with their highlighting spans), links and mentions keep
 * their structure; nothing else changes, and an empty list of terms changes nothing.
 */
export function rehypeHighlightTerms({ terms }: { terms: readonly string[] }) {
  const split = (value: string): ElementContent[] | undefined => {
    const ranges = highlightRanges(value, terms);
    if (ranges.length === 0) return undefined;
    const parts: ElementContent[] = [];
    let from = 0;
    for (const { start, end } of ranges) {
      if (start > from) parts.push({ type: "text", value: value.slice(from, start) });
      parts.push({
        type: "element",
        tagName: "mark",
        properties: { className: HIGHLIGHT_CLASSES },
        children: [{ type: "text", value: value.slice(start, end) }],
      });
      from = end;
    }
    if (from < value.length) parts.push({ type: "text", value: value.slice(from) });
    return parts;
  };
  const walk = (parent: Root | Element) => {
    parent.children = (parent.children as ElementContent[]).flatMap((child) => {
      if (child.type === "text") return split(child.value) ?? [child];
      if (child.type === "element" && child.tagName !== "mark") walk(child);
      return [child];
    });
  };
  return (tree: Root) => {
    if (terms.length) walk(tree);
  };
}
