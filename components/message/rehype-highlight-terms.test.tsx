import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, test } from "vitest";
import { loadCodeHighlighter } from "./code-highlight";
import { MessageMarkdown } from "./markdown";
import { highlightRanges, termPattern } from "./rehype-highlight-terms";

// the browser loads it with the first code block (code-highlight.test.tsx covers the plain render before)
beforeAll(async () => {
  await loadCodeHighlighter();
});

const render = (content: string, terms?: string[], mentions: string[] = []) =>
  renderToStaticMarkup(
    <MessageMarkdown content={content} mentions={mentions} mentionsEveryone={false} highlightTerms={terms} />,
  );
const marked = (html: string) => [...html.matchAll(/<mark[^>]*>([^<]*)<\/mark>/g)].map((match) => match[1]);
const textOf = (html: string) => html.replace(/<[^>]*>/g, "");

describe("highlight ranges", () => {
  test("words starting with a term, case-insensitively, to the end of the word", () => {
    expect(highlightRanges("Hello shell HELP he", ["hel"])).toEqual([
      { start: 0, end: 5 },
      { start: 12, end: 16 },
    ]);
    expect(highlightRanges("naïve Über", ["über", "na"])).toEqual([
      { start: 0, end: 5 },
      { start: 6, end: 10 },
    ]);
  });

  test("no terms (or only empty ones): nothing; regex characters are plain", () => {
    expect(termPattern([])).toBeNull();
    expect(termPattern([""])).toBeNull();
    expect(highlightRanges("anything", [])).toEqual([]);
    expect(highlightRanges("a.b (x) a+b", ["a.b", "(x", "a+"])).toEqual([
      { start: 0, end: 3 },
      { start: 4, end: 6 },
      { start: 8, end: 11 },
    ]);
  });
});

describe("search highlight in rendered markdown", () => {
  test("marks matches inside formatting, without changing the text", () => {
    const html = render("**Hello** _world_ and shell", ["hel", "wor"]);
    expect(html).toContain('<strong><mark class="rounded-sm bg-warning/30 px-px text-strong">Hello</mark></strong>');
    expect(marked(html)).toEqual(["Hello", "world"]);
    expect(textOf(html)).toBe(textOf(render("**Hello** _world_ and shell")));
  });

  test("code blocks keep their structure (pre > code, highlighting spans); inline code too", () => {
    const content = "```js\nconst hello = helper(1);\n```\nand `hello()` inline";
    const html = render(content, ["hel"]);
    const plain = render(content);
    expect(html).toMatch(/<pre><code class="hljs language-js">/);
    expect(marked(html)).toEqual(["hello", "helper", "hello"]);
    expect(textOf(html)).toBe(textOf(plain));
    expect(html.replace(/<\/?mark[^>]*>/g, "")).toBe(plain);
  });

  test("links keep their safe href; mentions keep their span", () => {
    const html = render("[hello docs](https://example.com/hello) @ann said hello", ["hello", "ann"], ["ann"]);
    expect(html).toContain('href="https://example.com/hello"');
    expect(html).toMatch(/<a [^>]*><mark[^>]*>hello<\/mark> docs<\/a>/);
    expect(html).toMatch(/<span class="mention" data-mention="ann">@<mark[^>]*>ann<\/mark><\/span>/);
  });

  test("typed HTML stays text, also a typed <mark>", () => {
    const html = render("<mark>hello</mark> <script>hello</script>", ["hello"]);
    expect(html).toContain("&lt;mark&gt;");
    expect(html).not.toContain("<script");
    expect(marked(html)).toEqual(["hello", "hello"]);
  });

  test("without terms nothing is marked; the render cache tells the terms apart", () => {
    const content = "cache hello world";
    expect(render(content)).not.toContain("<mark");
    expect(marked(render(content, ["hel"]))).toEqual(["hello"]);
    expect(marked(render(content, ["wor"]))).toEqual(["world"]);
    expect(render(content, [])).not.toContain("<mark");
    expect(render(content)).not.toContain("<mark");
  });
});
