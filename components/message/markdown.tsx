import { memo, type ReactElement } from "react";
import Markdown, { defaultUrlTransform, type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import rehypeHighlight from "rehype-highlight";
import type { Element, ElementContent, Root as HastRoot } from "hast";
import type { Nodes as MdastNodes, Parent as MdastParent, PhrasingContent, Root as MdastRoot } from "mdast";
import "highlight.js/styles/github-dark.css";

type Props = {
  content: string;
  /** lower-case usernames the server resolved as mentioned in this message */
  mentions: readonly string[];
  /** the message used @everyone or @here and was allowed to */
  mentionsEveryone: boolean;
  currentUsername?: string;
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
 * Chat-shaped mdast: raw HTML stays the text the user typed, images become links (nothing loads
 * from a message), single newlines become line breaks, and GFM footnotes stay plain text.
 */
function remarkChat() {
  const walk = (parent: MdastParent): MdastNodes[] =>
    (parent.children as MdastNodes[]).flatMap((node): MdastNodes[] => {
      switch (node.type) {
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
  return (tree: MdastRoot) => {
    tree.children = walk(tree) as MdastRoot["children"];
  };
}

type MentionOptions = { mentions: readonly string[]; everyone: boolean; me: string };

const MENTION = /(?<![\w.@])@([a-z0-9_.]+)/gi;
/** Text inside these is never scanned for mentions. */
const NO_MENTIONS_IN = new Set(["code", "pre", "a"]);

/** `@name` in text becomes a mention span when the server resolved it (never inside code or links). */
function rehypeMentions({ mentions, everyone, me }: MentionOptions) {
  const known = new Set(mentions);
  const resolve = (raw: string): string | undefined => {
    const name = raw.toLowerCase();
    if (name === "everyone" || name === "here") return everyone ? name : undefined;
    // usernames may contain dots, a sentence may end right after one: "@alice."
    const trimmed = name.replace(/\.+$/, "");
    return known.has(name) ? name : known.has(trimmed) ? trimmed : undefined;
  };
  const split = (value: string): ElementContent[] | undefined => {
    const parts: ElementContent[] = [];
    let last = 0;
    for (const match of value.matchAll(MENTION)) {
      const name = resolve(match[1]);
      if (!name) continue;
      const start = match.index;
      const end = start + 1 + name.length;
      if (start > last) parts.push({ type: "text", value: value.slice(last, start) });
      const self = name === "everyone" || name === "here" || name === me;
      parts.push({
        type: "element",
        tagName: "span",
        properties: { className: self ? ["mention", "mention-me"] : ["mention"], dataMention: name },
        children: [{ type: "text", value: value.slice(start, end) }],
      });
      last = end;
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
    if (known.size || everyone) walk(tree);
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

const components: Components = {
  a: ({ href, title, children }) => {
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

function renderMarkdown({ content, mentions, mentionsEveryone, currentUsername }: Props): ReactElement {
  const me = currentUsername?.toLowerCase() ?? "";
  const key = `${me}\u0000${mentionsEveryone ? 1 : 0}\u0000${mentions.join(" ")}\u0000${content}`;
  let tree = renderedTrees.get(key);
  if (!tree) {
    tree = Markdown({
      children: content,
      remarkPlugins,
      rehypePlugins: [[rehypeMentions, { mentions, everyone: mentionsEveryone, me }], rehypeHighlight],
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
  function MessageMarkdown(props: Props) {
    return <div className="markdown">{renderMarkdown(props)}</div>;
  },
  (a, b) =>
    a.content === b.content &&
    a.mentionsEveryone === b.mentionsEveryone &&
    a.currentUsername === b.currentUsername &&
    a.mentions.join(" ") === b.mentions.join(" "),
);
