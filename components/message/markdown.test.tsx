import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, test } from "vitest";
import { xssCorpus } from "@/e2e/fixtures/xss-corpus";
import { loadCodeHighlighter } from "./code-highlight";
import { MessageMarkdown } from "./markdown";
import { MessageTextContext, type MessageTextContextValue } from "./message-text-context";

// the browser loads it with the first code block (code-highlight.test.tsx covers the plain render before)
beforeAll(async () => {
  await loadCodeHighlighter();
});

type Options = {
  mentions?: string[];
  mentionsEveryone?: boolean;
  currentUsername?: string;
  /** the conversation around the message (channels, mentioned users' display names) */
  context?: MessageTextContextValue;
};
const render = (
  content: string,
  { mentions = [], mentionsEveryone = false, currentUsername, context }: Options = {},
) => {
  const markdown = (
    <MessageMarkdown
      content={content}
      mentions={mentions}
      mentionsEveryone={mentionsEveryone}
      currentUsername={currentUsername}
    />
  );
  return renderToStaticMarkup(
    context ? <MessageTextContext.Provider value={context}>{markdown}</MessageTextContext.Provider> : markdown,
  );
};

/** Every attribute of every element, as [name, value] (React writes values double-quoted, escaped). */
const attributes = (html: string) =>
  (html.match(/<[a-z][^>]*>/gi) ?? []).flatMap((tag) =>
    [...tag.matchAll(/\s([^\s=/>]+)(?:="([^"]*)")?/g)].map((m) => [m[1], m[2] ?? ""] as const),
  );
/** What a reader sees: the markup's text, entities decoded, whitespace collapsed. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, " ")
    .replace(
      /&(lt|gt|quot|#x27|amp);/g,
      (_, name: string) => ({ lt: "<", gt: ">", quot: '"', "#x27": "'", amp: "&" })[name]!,
    )
    .replace(/\s+/g, " ");
const hrefs = (html: string) =>
  attributes(html)
    .filter(([name]) => name === "href")
    .map(([, value]) => value);

describe("markdown features", () => {
  test("bold, italic, strikethrough and inline code", () => {
    const html = render("**bold** *italic* _also_ ~~gone~~ `a < b`");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<em>italic</em>");
    expect(html).toContain("<em>also</em>");
    expect(html).toContain("<del>gone</del>");
    expect(html).toContain("<code>a &lt; b</code>");
  });

  test("fenced code blocks are highlighted; an unknown language stays plain", () => {
    const html = render("```js\nconst x = 1;\n```");
    expect(html).toMatch(/<pre><code class="hljs language-js"><span class="hljs-keyword">const<\/span>/);
    expect(render("```nolang\n**not bold**\n```")).toContain(
      '<pre><code class="hljs language-nolang">**not bold**\n</code></pre>',
    );
  });

  test("quotes, ordered and unordered lists, tables", () => {
    expect(render("> quoted")).toMatch(/<blockquote>\s*<p>quoted<\/p>\s*<\/blockquote>/);
    expect(render("1. one\n2. two")).toMatch(/<ol>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ol>/);
    expect(render("- a\n- b")).toMatch(/<ul>\s*<li>a<\/li>\s*<li>b<\/li>\s*<\/ul>/);
    expect(render("| a | b |\n|---|---|\n| 1 | 2 |")).toContain("<td>1</td><td>2</td>");
  });

  test("headings render as h1 to h3", () => {
    const html = render("# Big\n## Medium\n### Small");
    expect(html).toContain("<h1>Big</h1>");
    expect(html).toContain("<h2>Medium</h2>");
    expect(html).toContain("<h3>Small</h3>");
  });

  test("a single newline is a line break", () => {
    expect(render("one\ntwo")).toMatch(/<p>one<br\/>\s*two<\/p>/);
  });

  test("links and autolinks open in a new tab without an opener", () => {
    const html = render(
      "[site](https://example.com/a) https://auto.example www.example.org mail@example.com [m](mailto:x@example.com)",
    );
    expect(hrefs(html)).toEqual([
      "https://example.com/a",
      "https://auto.example/",
      "http://www.example.org/",
      "mailto:mail@example.com",
      "mailto:x@example.com",
    ]);
    expect(html.match(/<a /g)).toHaveLength(5);
    expect(html.match(/target="_blank" rel="noopener noreferrer"/g)).toHaveLength(5);
  });

  test.each([
    ["[x](javascript:alert(1))", "x"],
    ["[x](JaVaScRiPt:alert(1))", "x"],
    ["[x](data:text/html,hi)", "x"],
    ["[x](vbscript:msgbox(1))", "x"],
    ["[x](/relative/path)", "x"],
    ["[x](file:///etc/passwd)", "x"],
    ["<javascript:alert(1)>", "javascript:alert(1)"],
  ])("%s is no link but its text", (content, text) => {
    const html = render(content);
    expect(html).not.toContain("<a");
    expect(html).toContain(`<p>${text}</p>`);
  });

  test("raw HTML shows as the text the user typed", () => {
    expect(render("<b>hi</b> there")).toBe('<div class="markdown"><p>&lt;b&gt;hi&lt;/b&gt; there</p></div>');
    expect(render("<div>\n<i>x</i>\n</div>")).toBe(
      '<div class="markdown"><p>&lt;div&gt;<br/>\n&lt;i&gt;x&lt;/i&gt;<br/>\n&lt;/div&gt;</p></div>',
    );
  });

  test("images never load: they become a link or text", () => {
    const html = render("![a cat](https://example.com/cat.png) ![bad](javascript:alert(1))");
    expect(html).not.toContain("<img");
    expect(hrefs(html)).toEqual(["https://example.com/cat.png"]);
    expect(html).toContain(">a cat</a>");
    expect(html).toContain(" bad</p>");
  });
});

describe("code fences", () => {
  test("``` after text on a line is text, and so is the lone fence that would have opened an empty box", () => {
    expect(render("A #20 — ```js")).toBe('<div class="markdown"><p>A #20 — ```js</p></div>');
    const html = render("A #20 — ```js\nconst x = 1;\n```");
    expect(html).not.toContain("<pre");
    expect(html).not.toContain("<code");
    expect(textOf(html)).toBe(" A #20 — ```js const x = 1; ``` ");
  });

  test("a fence never closed shows as text (its lines too); closed ones, also in quotes, stay code", () => {
    expect(render("```js")).toBe('<div class="markdown"><p>```js</p></div>');
    expect(render("```\n**not bold**\nstill")).toBe(
      '<div class="markdown"><p>```<br/>\n**not bold**<br/>\nstill</p></div>',
    );
    expect(render("~~~~\ncode\n~~~")).toContain("<p>~~~~<br/>");
    expect(render("```\ncode\n```")).toBe('<div class="markdown"><pre><code>code\n</code></pre></div>');
    expect(render("~~~\ncode\n~~~~")).toContain("<pre><code");
    expect(render("> ```\n> code\n> ```")).toMatch(/<blockquote>\s*<pre><code>code\n<\/code><\/pre>/);
    expect(render("    indented code")).toContain("<pre><code");
  });
});

describe("mentions", () => {
  test("only names the server resolved are highlighted, case-insensitively", () => {
    const html = render("hi @Alice and @bob, @carol.", { mentions: ["alice", "carol"] });
    expect(html).toContain('<span class="mention" data-mention="alice">@Alice</span>');
    expect(html).toContain('<span class="mention" data-mention="carol">@carol</span>.');
    expect(html).toContain(" @bob,");
    expect(html.match(/class="mention/g)).toHaveLength(2);
  });

  test("the current user's mention is marked", () => {
    const html = render("@alice @bob", { mentions: ["alice", "bob"], currentUsername: "Bob" });
    expect(html).toContain('<span class="mention" data-mention="alice">@alice</span>');
    expect(html).toContain('<span class="mention mention-me" data-mention="bob">@bob</span>');
  });

  test("never inside code, code blocks or links, nor inside an email address", () => {
    const html = render("`@alice`\n\n```\n@alice\n```\n\n[@alice](https://example.com) bob@alice.com", {
      mentions: ["alice"],
    });
    expect(html).not.toContain("mention");
    expect(html).toContain("<code>@alice</code>");
  });

  test("inside emphasis, quotes and lists", () => {
    const html = render("> **@alice**\n- @alice", { mentions: ["alice"] });
    expect(html.match(/<span class="mention" data-mention="alice">@alice<\/span>/g)).toHaveLength(2);
  });

  test("a mentioned user shows as their display name, the username in the tooltip", () => {
    const mentionNames = new Map([
      ["bobdylan", "Bob Dylan"],
      ["alice", "Alice <A>"],
    ]);
    const context = { communityId: "k1", channels: [], mentionNames };
    const html = render("hi @BobDylan and @alice. @carol @constructor", {
      mentions: ["bobdylan", "alice", "carol", "constructor"],
      context,
    });
    expect(html).toContain('<span class="mention" data-mention="bobdylan" title="@bobdylan">@Bob Dylan</span>');
    expect(html).toContain('<span class="mention" data-mention="alice" title="@alice">@Alice &lt;A&gt;</span>.');
    // no name known (a pending send): the username as typed
    expect(html).toContain('<span class="mention" data-mention="carol">@carol</span>');
    expect(html).toContain('<span class="mention" data-mention="constructor">@constructor</span>');
  });

  test("@everyone and @here only when the server allowed them", () => {
    expect(render("@everyone @here look")).not.toContain("mention");
    const html = render("@everyone @here look", { mentionsEveryone: true });
    expect(html).toContain('<span class="mention mention-me" data-mention="everyone">@everyone</span>');
    expect(html).toContain('<span class="mention mention-me" data-mention="here">@here</span>');
  });
});

describe("channel links", () => {
  const context: MessageTextContextValue = {
    communityId: "k1",
    channels: [
      { id: "c1", name: "general" },
      { id: "c2", name: "off-topic" },
    ],
    mentionNames: new Map(),
  };

  test("#name links to a channel the reader can see in this community; other #words stay text", () => {
    const html = render("see #general, #Off-Topic! and #20 or #secret", { context });
    expect(html).toContain('<a class="channel-link" href="/c/k1/c1"><span class="mention">#general</span></a>,');
    expect(html).toContain('<a class="channel-link" href="/c/k1/c2"><span class="mention">#off-topic</span></a>!');
    expect(html).toContain(" #20 or #secret</p>");
    expect(hrefs(html)).toEqual(["/c/k1/c1", "/c/k1/c2"]);
  });

  test("never inside code, code blocks, links, words or headings", () => {
    const html = render("`#general`\n\n```\n#general\n```\n\n[#general](https://example.com) C#general x##general", {
      context,
    });
    expect(hrefs(html)).toEqual(["https://example.com/"]);
    expect(html).toContain("<code>#general</code>");
    expect(render("# general", { context })).toBe('<div class="markdown"><h1>general</h1></div>');
  });

  test("without a conversation around it, #general stays text", () => {
    expect(render("#general")).toBe('<div class="markdown"><p>#general</p></div>');
  });

  test("beside mentions, in order", () => {
    const html = render("@alice in #general", { mentions: ["alice"], context });
    expect(textOf(html)).toBe(" @alice in #general ");
    expect(html.indexOf("data-mention")).toBeLessThan(html.indexOf("/c/k1/c1"));
  });
});

describe("XSS corpus", () => {
  test.each(xssCorpus.map(({ input, shows }) => [input, shows]))("%s renders inert", (input, shows) => {
    const html = render(input, { mentions: ["alice"], mentionsEveryone: true });
    expect(textOf(html)).toContain(shows.replace(/\s+/g, " "));
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(img|iframe|svg|style|math|form|object|embed|input|button|body|details)\b/i);
    // text may read "onerror=": what matters is that no element carries such an attribute
    const names = attributes(html).map(([name]) => name.toLowerCase());
    expect(names.filter((name) => /^on|^(style|src|srcdoc|action|formaction|data|xlink:href)$/.test(name))).toEqual([]);
    for (const href of hrefs(html)) expect(href).toMatch(/^(https?|mailto):/);
  });
});
