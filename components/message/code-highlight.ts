import { useEffect } from "react";
import type { Element, Root } from "hast";
import type { Plugin } from "unified";
import { onDemand, useOnDemand } from "@/components/ui/on-demand";

/**
 * Code highlighting (rehype-highlight: lowlight and highlight.js's common languages, ≈ 55 KB gzip) is
 * a chunk of its own, loaded when the first message with a fenced code block renders. Until then code
 * blocks render plain, with the classes the highlighter gives them (`hljs language-…`): the same box,
 * only the colours come later. Offline, they stay plain until a later block tries again.
 */
export type CodeHighlighter = Plugin<[], Root>;

const highlighter = onDemand(() => import("rehype-highlight").then((module) => module.default as CodeHighlighter));

export const loadCodeHighlighter = () => highlighter.load();

/** Only fenced blocks name a language, and rehype-highlight leaves code without one alone. */
const FENCE = /```|~~~/;
export const mayHaveHighlightedCode = (content: string) => FENCE.test(content);

/** The highlighter once loaded (null before); starts loading it when `needed`. */
export function useCodeHighlighter(needed: boolean): CodeHighlighter | null {
  const loaded = useOnDemand(highlighter);
  useEffect(() => {
    if (needed && !highlighter.current()) highlighter.load().catch(() => undefined);
  }, [needed]);
  return needed ? loaded : null;
}

/** The language rehype-highlight would read from a code element's classes; false: `no-highlight`. */
function languageOf(code: Element): string | false | undefined {
  const classes = code.properties.className;
  if (!Array.isArray(classes)) return undefined;
  let name: string | undefined;
  for (const value of classes.map(String)) {
    if (value === "no-highlight" || value === "nohighlight") return false;
    if (!name && value.startsWith("lang-")) name = value.slice(5);
    if (!name && value.startsWith("language-")) name = value.slice(9);
  }
  return name;
}

/** Before the highlighter arrives: `pre > code` with a language gets its `hljs` class, nothing else. */
export const rehypePlainCode: CodeHighlighter = () => (tree) => {
  const walk = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type !== "element") continue;
      if (node.type === "element" && node.tagName === "pre" && child.tagName === "code") {
        const classes = child.properties.className;
        if (languageOf(child) && Array.isArray(classes) && !classes.includes("hljs")) classes.unshift("hljs");
      } else walk(child);
    }
  };
  walk(tree);
};
