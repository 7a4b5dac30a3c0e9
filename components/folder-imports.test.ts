import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";

/**
 * The component folders form layers: a folder imports only from folders below it, never in a
 * circle, and ui/ (primitives) imports from no other folder. A cycle here is what made the client
 * logic hard to test in pieces (issue 15). Today, bottom up: ui → realtime → shell → message,
 * settings, search → conversation (a message stream: list, composer, read tracking, typing;
 * used by channel/ and thread/) → thread → direct (direct messages) → community → channel; admin
 * and auth on top of their needs.
 */
const root = import.meta.dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** folder → the other component folders its files import from */
function folderGraph() {
  const graph = new Map<string, Set<string>>();
  for (const folder of readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    const targets = new Set<string>();
    for (const file of sourceFiles(path.join(root, folder.name))) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
        const spec = match[1];
        let target: string | null = null;
        if (spec.startsWith("@/components/")) target = spec.split("/")[2];
        else if (spec.startsWith(".")) {
          const relative = path.relative(root, path.resolve(path.dirname(file), spec));
          if (!relative.startsWith("..")) target = relative.split(path.sep)[0];
        }
        if (target && target !== folder.name) targets.add(target);
      }
    }
    graph.set(folder.name, targets);
  }
  return graph;
}

/** The cycles of the graph, each as a path that returns to its start. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "open") found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

describe("component folders", () => {
  const graph = folderGraph();

  test("import each other without a cycle", () => {
    expect(cycles(graph).map((cycle) => cycle.join(" → "))).toEqual([]);
  });

  test("ui/ holds primitives: it imports from no other component folder", () => {
    expect([...(graph.get("ui") ?? [])]).toEqual([]);
  });

  test("the checker sees a cycle", () => {
    const graphWithCycle = new Map([
      ["a", new Set(["b"])],
      ["b", new Set(["c"])],
      ["c", new Set(["a"])],
    ]);
    expect(cycles(graphWithCycle)).toEqual([["a", "b", "c", "a"]]);
  });
});
