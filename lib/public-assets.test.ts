import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { config } from "../proxy";

const root = path.resolve(import.meta.dirname, "..");
const publicDir = path.join(root, "public");
const publicFiles = readdirSync(publicDir, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => "/" + path.relative(publicDir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));

/** The proxy's matcher as Next compiles this one (a single regex group: path-to-regexp passes it through). */
const proxyRuns = (pathname: string) => config.matcher.some((pattern) => new RegExp(`^${pattern}$`).test(pathname));

describe("public/ static assets", () => {
  it("the web app manifest names the app, opens at / standalone in the dark theme, with an icon that exists", () => {
    const manifest = JSON.parse(readFileSync(path.join(publicDir, "manifest.webmanifest"), "utf8"));
    expect(manifest).toMatchObject({
      name: "Community Chat",
      short_name: expect.any(String),
      start_url: "/",
      display: "standalone",
    });
    const css = readFileSync(path.join(root, "app/globals.css"), "utf8");
    // the dark half of the token's light-dark(light, dark) pair: the default theme
    const color = (name: string) =>
      new RegExp(`--color-${name}:\\s*light-dark\\(#[0-9a-f]{6},\\s*(#[0-9a-f]{6})\\)`, "i").exec(css)?.[1];
    expect(manifest.background_color).toBe(color("main"));
    expect(manifest.theme_color).toBe(color("rail"));
    expect(manifest.icons.length).toBeGreaterThan(0);
    for (const icon of manifest.icons) expect(publicFiles, icon.src).toContain(icon.src);
  });

  it("the root layout links the manifest and the icon; the icon has one copy (not also app/icon.svg)", () => {
    const layout = readFileSync(path.join(root, "app/layout.tsx"), "utf8");
    expect(layout).toContain('manifest: "/manifest.webmanifest"');
    expect(layout).toContain('url: "/icon.svg"');
    expect(publicFiles).toContain("/icon.svg");
    expect(existsSync(path.join(root, "app/icon.svg"))).toBe(false);
  });

  it("the proxy (pages only) skips every static file and still runs for pages", () => {
    for (const file of publicFiles) expect(proxyRuns(file), file).toBe(false);
    for (const page of ["/", "/login", "/c/abc/def", "/discover"]) expect(proxyRuns(page), page).toBe(true);
    for (const skipped of ["/api/health", "/_next/static/chunk.js"]) expect(proxyRuns(skipped), skipped).toBe(false);
  });
});
