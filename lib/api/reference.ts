import { readFile } from "node:fs/promises";
import path from "node:path";

/** swagger-ui's own files, served from node_modules; init.js is ours (pages allow no inline script). */
const assets: Record<string, { file?: string; body?: string; type: string }> = {
  "swagger-ui.css": { file: "swagger-ui.css", type: "text/css; charset=utf-8" },
  "swagger-ui-bundle.js": { file: "swagger-ui-bundle.js", type: "text/javascript; charset=utf-8" },
  "init.js": {
    body: `window.ui = SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#reference", deepLinking: true, displayOperationId: true, tryItOutEnabled: false, validatorUrl: null });`,
    type: "text/javascript; charset=utf-8",
  },
};

const policy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export function referencePage(): Response {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference · Community chat</title>
<link rel="stylesheet" href="/api/v1/reference/swagger-ui.css">
</head>
<body>
<main id="reference"></main>
<script src="/api/v1/reference/swagger-ui-bundle.js"></script>
<script src="/api/v1/reference/init.js"></script>
</body>
</html>`;
  return new Response(html, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": policy },
  });
}

export async function referenceAsset(name: string): Promise<Response> {
  const asset = Object.hasOwn(assets, name) ? assets[name] : undefined;
  if (!asset) return new Response("Not found", { status: 404 });
  const body = asset.body ?? (await readFile(path.join(process.cwd(), "node_modules", "swagger-ui-dist", asset.file!)));
  return new Response(body as BodyInit, {
    headers: { "Content-Type": asset.type, "Cache-Control": "public, max-age=3600" },
  });
}
