import { describe, expect, test } from "vitest";
import { plainText } from "./plain-text";

describe("plainText", () => {
  test("drops emphasis, code marks, quotes and headings, and collapses whitespace", () => {
    expect(plainText("**bold** ~~gone~~ `code` *it*")).toBe("bold gone code it");
    expect(plainText("> quoted\n# Title\n\n  text")).toBe("quoted Title text");
  });

  test("keeps a link's words and replaces a code block", () => {
    expect(plainText("see [the docs](https://example.com) and ![cat](x.png)")).toBe("see the docs and cat");
    expect(plainText("before\n```ts\nconst a = 1;\n```\nafter")).toBe("before [code] after");
    expect(plainText("```unterminated")).toBe("[code]");
  });
});
