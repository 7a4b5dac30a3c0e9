import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Domain and realtime time comes from lib/clock.ts, so tests can move it and nothing depends on today.
const roots = ["lib/domain", "lib/realtime", "lib/socket", "lib/queries"];
const wallClock = /\bDate\.now\(\)|new Date\(\)/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

describe("the domain clock", () => {
  it("no domain, realtime or socket code reads the wall clock directly", () => {
    const files = roots.flatMap(sources);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((file) =>
      fs
        .readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => (wallClock.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offenders).toEqual([]);
  });
});
