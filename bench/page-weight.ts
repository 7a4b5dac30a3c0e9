// First-load JavaScript of every page route, read from a production build (no server, no browser).
//   NEXT_BUILD_SKIP_TYPECHECK=1 npm run build && npx tsx bench/page-weight.ts
//   env: NEXT_DIST_DIR=.next (the build to read)  ROUTE=/c/[communityId]/[channelId] (also list that route's files)
//
// What a browser downloads on a route's first load (a full page load of that URL): the `<script src>` tags
// Next 16 writes into the page's HTML, read from the build:
//   - `rootMainFiles` of build-manifest.json (the runtime and the router: `<script async>` on every page);
//   - in the route's server/app/…/page_client-reference-manifest.js, the `entryJSFiles` of its layouts,
//     templates, error and loading boundaries and its page (app-render writes them as `<script async>`),
//     and the `chunks` of every client module (`clientModules`): rendering a client reference, e.g. a Link
//     in not-found.tsx, makes the server render emit its chunks too.
// Left out: `polyfillFiles` (`<script nomodule>`: skipped by every browser with modules) and the chunks of
// dynamic import()/next/dynamic, loaded on demand (a few only preloaded, `fetchpriority=low`). Checked
// against the HTML and Chromium's script requests on /login and a channel page (2026-12-07): the same files.
// Sizes: raw bytes of each file, and gzip bytes from node:zlib gzipSync at level 9 (file by file, as served).
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import { fmt, gitLine, machineLine } from "./support";

const distDir = process.env.NEXT_DIST_DIR || ".next";
const detailRoute = process.env.ROUTE;
const CHANNEL_ROUTE = "/c/[communityId]/[channelId]";
const CHANNEL_TARGET_KB = 250;

type ClientReferenceManifest = {
  entryJSFiles?: Record<string, string[]>;
  clientModules?: Record<string, { chunks?: string[] }>;
};

/** Entries app-render writes `<script>` tags for: `[project]/app/(app)/layout`, `…/page`, `…/error`, … */
const SCRIPTED_ENTRY = /\/(layout|page|template|error|loading)$/;
type RouteWeight = { route: string; files: string[]; raw: number; gzip: number };

const sizes = new Map<string, { raw: number; gzip: number }>();
function sizeOf(file: string) {
  let size = sizes.get(file);
  if (!size) {
    const bytes = fs.readFileSync(path.join(distDir, file));
    size = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    sizes.set(file, size);
  }
  return size;
}

function manifestFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return manifestFiles(full);
    return entry.name === "page_client-reference-manifest.js" ? [full] : [];
  });
}

/** The manifests assign `globalThis.__RSC_MANIFEST[page] = {…}`: run each in a sandbox of its own. */
function readManifest(file: string): Record<string, ClientReferenceManifest> {
  const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, ClientReferenceManifest> } = {};
  sandbox.globalThis = sandbox;
  vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox);
  return sandbox.__RSC_MANIFEST ?? {};
}

/** `/(app)/c/[communityId]/[channelId]/page` → `/c/[communityId]/[channelId]` (route groups leave the URL). */
const routeOf = (page: string) =>
  page
    .replace(/\/page$/, "")
    .split("/")
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .join("/") || "/";

function routeWeights(): RouteWeight[] {
  const buildManifest = JSON.parse(fs.readFileSync(path.join(distDir, "build-manifest.json"), "utf8")) as {
    rootMainFiles: string[];
  };
  const weights: RouteWeight[] = [];
  for (const file of manifestFiles(path.join(distDir, "server", "app"))) {
    for (const [page, manifest] of Object.entries(readManifest(file))) {
      if (page.startsWith("/_")) continue; // _not-found, _global-error: no route of their own
      const files = new Set(buildManifest.rootMainFiles);
      for (const [entry, chunks] of Object.entries(manifest.entryJSFiles ?? {}))
        if (SCRIPTED_ENTRY.test(entry)) for (const chunk of chunks) files.add(chunk);
      for (const { chunks = [] } of Object.values(manifest.clientModules ?? {}))
        for (const chunk of chunks) files.add(chunk.replace(/^\/_next\//, ""));
      const list = [...files].filter((chunk) => chunk.endsWith(".js"));
      const raw = list.reduce((sum, chunk) => sum + sizeOf(chunk).raw, 0);
      const gzip = list.reduce((sum, chunk) => sum + sizeOf(chunk).gzip, 0);
      weights.push({ route: routeOf(page), files: list, raw, gzip });
    }
  }
  return weights.sort((a, b) => a.route.localeCompare(b.route));
}

const kb = (bytes: number) => fmt(bytes / 1024, 1);

function main() {
  const buildIdFile = path.join(distDir, "BUILD_ID");
  if (!fs.existsSync(buildIdFile))
    throw new Error(`no production build in ${distDir}: run NEXT_BUILD_SKIP_TYPECHECK=1 npm run build first`);
  const buildId = fs.readFileSync(buildIdFile, "utf8").trim();
  const builtAt = fs.statSync(buildIdFile).mtime;
  const weights = routeWeights();
  if (!weights.length) throw new Error(`no page_client-reference-manifest.js under ${distDir}/server/app`);

  console.log(`Page weight — first-load JS per route — ${new Date().toISOString()}`);
  console.log(machineLine());
  console.log(
    `Node ${process.version}; build: ${distDir}, BUILD_ID ${buildId}, built ${builtAt.toISOString()}; ${gitLine()}`,
  );
  console.log("gzip: node:zlib gzipSync level 9, file by file; KB = 1,024 bytes\n");
  console.log("| route | files | raw KB | gzip KB |");
  console.log("|---|---|---|---|");
  for (const { route, files, raw, gzip } of weights)
    console.log(`| \`${route}\` | ${files.length} | ${kb(raw)} | ${kb(gzip)} |`);

  const channel = weights.find((weight) => weight.route === CHANNEL_ROUTE);
  if (channel)
    console.log(
      `\nTarget: channel page first-load JS ≤ ${CHANNEL_TARGET_KB} KB gzip: ${kb(channel.gzip)} KB, ${
        channel.gzip <= CHANNEL_TARGET_KB * 1024 ? "met" : "NOT met"
      }`,
    );

  if (detailRoute) {
    const detail = weights.find((weight) => weight.route === detailRoute);
    if (!detail) throw new Error(`no route ${detailRoute}; routes: ${weights.map((w) => w.route).join(", ")}`);
    console.log(`\nFiles of \`${detailRoute}\`, largest first:\n\n| file | raw KB | gzip KB |\n|---|---|---|`);
    for (const file of [...detail.files].sort((a, b) => sizeOf(b).gzip - sizeOf(a).gzip))
      console.log(`| ${file} | ${kb(sizeOf(file).raw)} | ${kb(sizeOf(file).gzip)} |`);
  }
}

main();
