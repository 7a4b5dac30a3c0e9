import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { loadCodeHighlighter, mayHaveHighlightedCode } from "./code-highlight";
import { MessageMarkdown } from "./markdown";

const render = (content: string) =>
  renderToStaticMarkup(<MessageMarkdown content={content} mentions={[]} mentionsEveryone={false} />);
const withoutSpans = (html: string) => html.replace(/<\/?span[^>]*>/g, "");

describe("code highlighting loaded on demand", () => {
  const content = "look:\n```js\nconst x = 1; // one\n```\n~~~\nno language\n~~~\n```nolang\n**plain**\n```";

  test("plain first, then highlighted: the same elements and classes, only colour spans added", async () => {
    const plain = render(content);
    expect(plain).toContain('<pre><code class="hljs language-js">const x = 1; // one\n</code></pre>');
    expect(plain).toContain("<pre><code>no language\n</code></pre>");
    expect(plain).toContain('<pre><code class="hljs language-nolang">**plain**\n</code></pre>');
    expect(plain).not.toContain("<span");

    await loadCodeHighlighter();
    const highlighted = render(content);
    expect(highlighted).toMatch(/<code class="hljs language-js"><span class="hljs-keyword">const<\/span>/);
    expect(withoutSpans(highlighted)).toBe(plain);
  });

  test("only texts with a fence wait for the highlighter", () => {
    expect(mayHaveHighlightedCode("```js\nx\n```")).toBe(true);
    expect(mayHaveHighlightedCode("~~~\nx\n~~~")).toBe(true);
    expect(mayHaveHighlightedCode("    indented code\n`inline`")).toBe(false);
  });
});
