// Bundles server.ts, and the embedded database's worker beside it, for production: the app then starts
// with plain `node` instead of through tsx, whose TypeScript loader (a thread of its own, and the
// transpiled sources it keeps) held ≈ 90 MB more at rest. npm packages stay in node_modules.
//   node scripts/build-server.mjs   (`npm run build` runs it after `next build`)
import path from "node:path";
import { build } from "esbuild";

const serverBundleDir = path.join(process.env.NEXT_DIST_DIR || ".next", "app-server");

await build({
  entryPoints: ["server.ts", "lib/postgres/embedded-worker.mjs"],
  outdir: serverBundleDir,
  entryNames: "[name]",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  // names in stack traces stay readable
  keepNames: true,
  logLevel: "warning",
});
console.log(`Bundled the server into ${path.join(serverBundleDir, "server.mjs")}`);
