"use client";

import dynamic from "next/dynamic";
import { useEffect, useState } from "react";
import { onDemand, useOnDemand } from "@/components/ui/on-demand";
import type { MessageMarkdownProps } from "./markdown";

/**
 * The markdown renderer (react-markdown, remark-gfm: ≈ 45 KB gzip) is a chunk of its own: the page's
 * HTML preloads it (`PreloadMarkdownRenderer`) and it runs once hydration has begun, instead of
 * before it. The message list waits for it behind its skeleton (`useMarkdownRenderer`), so rows
 * render once, as markdown. Should the chunk fail to load, texts show as typed until a later try succeeds.
 */
const markdown = onDemand(() => import("./markdown").then((module) => module.MessageMarkdown));

if (typeof window !== "undefined") markdown.load().catch(() => undefined);

// Rendered on the server, next/dynamic adds `<link rel=preload>` for the chunk of its import to the
// page's head, so the browser fetches the renderer beside the page's scripts. It renders nothing;
// `loading` gives it a Suspense boundary of its own (hydration does not wait for it).
const RendererPreload = dynamic(() => import("./markdown").then(() => NoMarkup), { loading: NoMarkup });
function NoMarkup() {
  return null;
}

/** Put where messages will show (the list renders on the server too): the renderer's chunk is preloaded. */
export function PreloadMarkdownRenderer() {
  return <RendererPreload />;
}

/** The renderer (null before it arrives), and whether the wait is over: loaded, or the load failed. */
export function useMarkdownRenderer() {
  const renderer = useOnDemand(markdown);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!markdown.current()) markdown.load().catch(() => setFailed(true));
  }, []);
  return { renderer, settled: renderer !== null || failed };
}

/** A message's text as markdown (MessageMarkdown), or as typed while the renderer is not there. */
export function MessageText(props: MessageMarkdownProps) {
  const { renderer: Markdown } = useMarkdownRenderer();
  if (Markdown) return <Markdown {...props} />;
  return (
    <div className="markdown">
      <p className="whitespace-pre-wrap">{props.content}</p>
    </div>
  );
}
