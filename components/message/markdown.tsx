import Link from "next/link";
import { memo, useContext, type ReactElement } from "react";
import Markdown, { defaultUrlTransform, type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { rehypeHighlightTerms } from "./rehype-highlight-terms";
import { mayHaveHighlightedCode, rehypePlainCode, useCodeHighlighter, type CodeHighlighter } from "./code-highlight";
import type { Element, ElementContent, Root as HastRoot } from "hast";
import type { Code, Nodes as MdastNodes, Parent as MdastParent, PhrasingContent, Root as MdastRoot } from "mdast";
import { CHANNEL_TOKEN, channelPath, channelsByName, resolveChannelToken, type ChannelLink } from "./channel-links";
import { MessageTextContext } from "./message-text-context";

export type MessageMarkdownProps = {
  content: string;
  /** lower-case usernames the server resolved as mentioned in this message */
  mentions: readonly string[];
  /** the message used @everyone or @here and was allowed to */
  mentionsEveryone: boolean;
  currentUsername?: string;
  /** search results: words starting with these are marked (case-insensitive) */
  highlightTerms?: readonly string[];
};

const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/** Absolute http(s) and mailto URLs only; anything else (javascript:, data:, relative) is no link. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return SAFE_PROTOCOLS.has(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

const urlTransform = (url: string) => safeUrl(defaultUrlTransform(url)) ?? "";

const BLOCK_PARENTS = new Set(["root", "blockquote", "listItem", "footnoteDefinition"]);

/** Text with its single newlines as line breaks (Discord keeps them; remark-breaks is not installed). */
const lines = (value: string): PhrasingContent[] =>
  value.split("\n").flatMap((line, i) => {
    const parts: PhrasingContent[] = i ? [{ type: "break" }] : [];
    if (line) parts.push({ type: "text", value: line });
    return parts;
  });

/**
 * The text of a fenced block the message never closed, or null when it is closed (or indented
 * code). CommonMark runs such a block to the end of the message, so a stray ``` (a closing fence
 * after "text ```js" on one line, or a lone opener) would show an empty code box; Discord shows text.
 */
function unclosedFenceText(node: Code, source: string): string | null {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return null;
  const rows = source.slice(start, end).split("\n");
  const open = /^\s*(`{3,}|~{3,})/.exec(rows[0]);
  if (!open) return null;
  const close = rows.length > 1 ? /^[\s>]*(`{3,}|~{3,})\s*$/.exec(rows.at(-1)!) : null;
  if (close && close[1][0] === open[1][0] && close[1].length >= open[1].length) return null;
  return node.value ? `${rows[0].trim()}\n${node.value}` : rows[0].trim();
}

/**
 * Chat-shaped mdast: raw HTML stays the text the user typed, images become links (nothing loads
 * from a message), single newlines become line breaks, GFM footnotes and unclosed code fences stay
 * plain text.
 */
function remarkChat() {
  let source = "";
  const walk = (parent: MdastParent): MdastNodes[] =>
    (parent.children as MdastNodes[]).flatMap((node): MdastNodes[] => {
      switch (node.type) {
        case "code": {
          const text = unclosedFenceText(node, source);
          return text === null ? [node] : [{ type: "paragraph", children: lines(text) }];
        }
        case "html":
          return BLOCK_PARENTS.has(parent.type)
            ? [{ type: "paragraph", children: lines(node.value) }]
            : lines(node.value);
        case "text":
          return lines(node.value);
        case "image":
          return [
            {
              type: "link",
              url: node.url,
              title: node.title,
              children: [{ type: "text", value: node.alt || node.url }],
            },
          ];
        case "imageReference": {
          const { identifier, label, referenceType, alt } = node;
          return [
            { type: "linkReference", identifier, label, referenceType, children: [{ type: "text", value: alt ?? "" }] },
          ];
        }
        case "footnoteReference":
          return [{ type: "text", value: `[^${node.label ?? node.identifier}]` }];
        case "footnoteDefinition": {
          const children = walk(node);
          const marker = { type: "text", value: `[^${node.label ?? node.identifier}]: ` } as const;
          if (children[0]?.type === "paragraph") children[0].children.unshift(marker);
          else children.unshift({ type: "paragraph", children: [marker] });
          return children;
        }
        default:
          if ("children" in node) node.children = walk(node) as typeof node.children;
          return [node];
      }
    });
  return (tree: MdastRoot, file: { value: unknown }) => {
    source = String(file.value);
    tree.children = walk(tree) as MdastRoot["children"];
  };
}

type MentionOptions = {
  mentions: readonly string[];
  everyone: boolean;
  me: string;
  /** username → display name, for the mentions of this message (shown as `@displayName`) */
  names: ReadonlyMap<string, string>;
  /** lower-case channel name → id, and their community: `#name` links */
  channels: ReadonlyMap<string, string>;
  communityId: string;
};

const MENTION = /(?<![\w.@])@([a-z0-9_.]+)/gi;
/** Text inside these is never scanned for mentions or channel names. */
const NO_MENTIONS_IN = new Set(["code", "pre", "a"]);

/**
 * `@name` in text becomes a mention span when the server resolved it, showing the display name
 * (the username in its tooltip); `#name` becomes a link when the reader can see a channel of that
 * name in this community. Never inside code or links.
 */
function rehypeMentions({ mentions, everyone, me, names, channels, communityId }: MentionOptions) {
  const known = new Set(mentions);
  const resolve = (raw: string): string | undefined => {
    const name = raw.toLowerCase();
    if (name === "everyone" || name === "here") return everyone ? name : undefined;
    // usernames may contain dots, a sentence may end right after one: "@alice."
    const trimmed = name.replace(/\.+$/, "");
    return known.has(name) ? name : known.has(trimmed) ? trimmed : undefined;
  };
  const mentionAt = (match: RegExpExecArray): { end: number; element: Element } | undefined => {
    const name = resolve(match[1]);
    if (!name) return undefined;
    const end = match.index + 1 + name.length;
    const self = name === "everyone" || name === "here" || name === me;
    const displayName = names.get(name);
    return {
      end,
      element: {
        type: "element",
        tagName: "span",
        properties: {
          className: self ? ["mention", "mention-me"] : ["mention"],
          dataMention: name,
          ...(displayName && { title: `@${name}` }),
        },
        children: [{ type: "text", value: displayName ? `@${displayName}` : match.input.slice(match.index, end) }],
      },
    };
  };
  const channelAt = (match: RegExpExecArray): { end: number; element: Element } | undefined => {
    const channel = resolveChannelToken(match[1], channels);
    if (!channel) return undefined;
    const end = match.index + 1 + channel.length;
    return {
      end,
      element: {
        type: "element",
        tagName: "a",
        // the path rides in a data attribute: urlTransform lets only absolute links through `href`
        properties: { dataChannelPath: channelPath(communityId, channel.id) },
        children: [{ type: "text", value: `#${channel.name}` }],
      },
    };
  };
  const split = (value: string): ElementContent[] | undefined => {
    const parts: ElementContent[] = [];
    let last = 0;
    const matches = [
      ...(known.size || everyone ? [...value.matchAll(MENTION)].map((match) => ({ match, at: mentionAt })) : []),
      ...(channels.size ? [...value.matchAll(CHANNEL_TOKEN)].map((match) => ({ match, at: channelAt })) : []),
    ].sort((a, b) => a.match.index - b.match.index);
    for (const { match, at } of matches) {
      if (match.index < last) continue;
      const found = at(match);
      if (!found) continue;
      if (match.index > last) parts.push({ type: "text", value: value.slice(last, match.index) });
      parts.push(found.element);
      last = found.end;
    }
    if (!parts.length) return undefined;
    if (last < value.length) parts.push({ type: "text", value: value.slice(last) });
    return parts;
  };
  const walk = (parent: HastRoot | Element) => {
    parent.children = (parent.children as ElementContent[]).flatMap((child) => {
      if (child.type === "text") return split(child.value) ?? [child];
      if (child.type === "element" && !NO_MENTIONS_IN.has(child.tagName)) walk(child);
      return [child];
    });
  };
  return (tree: HastRoot) => {
    if (known.size || everyone || channels.size) walk(tree);
  };
}

/** Defense in depth: no other element reaches the DOM (its text does). */
const allowedElements = [
  "p",
  "br",
  "strong",
  "em",
  "del",
  "code",
  "pre",
  "span",
  "mark",
  "blockquote",
  "ul",
  "ol",
  "li",
  "a",
  "hr",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "input",
];

/** What rehypeMentions writes for a channel: `/c/<community>/<channel>`. */
const CHANNEL_PATH = /^\/c\/[\w-]+\/[\w-]+$/;

const components: Components = {
  a: ({ href, title, children, node }) => {
    const path = node?.properties.dataChannelPath;
    if (typeof path === "string" && CHANNEL_PATH.test(path))
      return (
        <Link href={path} className="channel-link">
          <span className="mention">{children}</span>
        </Link>
      );
    const safe = safeUrl(href);
    if (!safe) return <>{children}</>;
    return (
      <a href={safe} title={title} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    );
  },
};

const remarkPlugins = [remarkGfm, remarkChat];

/**
 * Rendered trees by text and mention context: a virtualized list mounts a row again each time it
 * scrolls back into view, and parsing markdown is the costly part of a row. React elements are
 * immutable, so one tree serves every mount.
 */
const renderedTrees = new Map<string, ReactElement>();
const RENDER_CACHE_SIZE = 3_000;

/** What the conversation around the text tells (no conversation: `@username`, `#name` as text). */
type TextContext = {
  communityId: string;
  names: ReadonlyMap<string, string>;
  channels: ReadonlyMap<string, string>;
};
const NO_CONTEXT: TextContext = { communityId: "", names: new Map(), channels: new Map() };
const channelMaps = new WeakMap<readonly ChannelLink[], Map<string, string>>();

function useTextContext(): TextContext {
  const context = useContext(MessageTextContext);
  if (!context) return NO_CONTEXT;
  let channels = channelMaps.get(context.channels);
  if (!channels) channelMaps.set(context.channels, (channels = channelsByName(context.channels)));
  return { communityId: context.communityId, names: context.mentionNames, channels };
}

/** The part of the context this text uses, for the cache key: its mentions' names, its `#name`s' channels. */
function contextKey(content: string, mentions: readonly string[], { communityId, names, channels }: TextContext) {
  const shown = mentions.map((name) => names.get(name) ?? "").join("\u0001");
  if (!channels.size || !content.includes("#")) return shown;
  const linked = [...content.matchAll(CHANNEL_TOKEN)].map((match) => resolveChannelToken(match[1], channels)?.id ?? "");
  return `${shown}\u0000${communityId}\u0000${linked.join(" ")}`;
}

function renderMarkdown(
  { content, mentions, mentionsEveryone, currentUsername, highlightTerms = [] }: MessageMarkdownProps,
  context: TextContext,
  codeHighlighter: CodeHighlighter | null,
): ReactElement {
  const me = currentUsername?.toLowerCase() ?? "";
  const key = `${codeHighlighter ? 1 : 0}\u0000${me}\u0000${mentionsEveryone ? 1 : 0}\u0000${mentions.join(" ")}\u0000${highlightTerms.join("\u0001")}\u0000${contextKey(content, mentions, context)}\u0000${content}`;
  let tree = renderedTrees.get(key);
  if (!tree) {
    tree = Markdown({
      children: content,
      remarkPlugins,
      rehypePlugins: [
        [rehypeMentions, { mentions, everyone: mentionsEveryone, me, ...context }],
        codeHighlighter ?? rehypePlainCode,
        [rehypeHighlightTerms, { terms: highlightTerms }],
      ],
      allowedElements,
      unwrapDisallowed: true,
      urlTransform,
      components,
    });
    renderedTrees.set(key, tree);
    if (renderedTrees.size > RENDER_CACHE_SIZE) renderedTrees.delete(renderedTrees.keys().next().value!);
  }
  return tree;
}

/** A message's text as Discord-like markdown; user HTML shows as the text typed. */
export const MessageMarkdown = memo(
  function MessageMarkdown(props: MessageMarkdownProps) {
    const codeHighlighter = useCodeHighlighter(mayHaveHighlightedCode(props.content));
    return <div className="markdown">{renderMarkdown(props, useTextContext(), codeHighlighter)}</div>;
  },
  (a, b) =>
    a.content === b.content &&
    a.mentionsEveryone === b.mentionsEveryone &&
    a.currentUsername === b.currentUsername &&
    (a.highlightTerms ?? []).join("\u0001") === (b.highlightTerms ?? []).join("\u0001") &&
    a.mentions.join(" ") === b.mentions.join(" "),
);
