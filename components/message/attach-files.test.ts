import { describe, expect, test } from "vitest";
import { checkFiles } from "./attach-files";

describe("files to upload", () => {
  test("each file on its own: too large and empty ones are refused with the reason, the rest kept in order", () => {
    const files = [
      { name: "a.png", size: 10 },
      { name: "huge.mov", size: 2048 },
      { name: "empty.txt", size: 0 },
      { name: "b.pdf", size: 1024 },
    ];
    const { accepted, problems } = checkFiles(files, 1024);
    expect(accepted.map((f) => f.name)).toEqual(["a.png", "b.pdf"]);
    expect(problems).toEqual(["“huge.mov” is 2.0 KB: files can be at most 1.0 KB.", "“empty.txt” is empty."]);
    expect(checkFiles([])).toEqual({ accepted: [], problems: [] });
  });
});
