import { expect, test } from "./fixtures/test";
import { newPage, newUser, unique } from "./fixtures/users";
import { Sidebar } from "./pages/sidebar";
import { AuthPage } from "./pages/auth-page";

const nonceOf = (policy: string) => /'nonce-([^']+)'/.exec(policy)?.[1];

test("every kind of response carries the security headers; pages a policy with a fresh nonce that no other site may frame", async ({
  browser,
}) => {
  const page = await newPage(browser);
  await new AuthPage(page).registerFresh(newUser("Hana"));
  await new Sidebar(page).createCommunity(unique("Headers "));
  const channelPath = new URL(page.url()).pathname;
  const script = await page.locator("script[src*='/_next/static/']").first().getAttribute("src");

  const channelId = channelPath.split("/").pop();
  // a page, a JSON route, next-auth, a file route, a refused upload, a 404 page and a 404 route, a script
  const requests: [string, () => ReturnType<typeof page.request.get>][] = [
    ...[
      "/login",
      channelPath,
      "/api/health",
      `/api/channels/${channelId}/pins`,
      "/api/auth/session",
      "/api/files/no/such-file.png",
      "/no-such-page",
      "/api/no-such-route",
      script!,
    ].map((url) => [url, () => page.request.get(url)] as [string, () => ReturnType<typeof page.request.get>]),
    [
      `POST /api/channels/${channelId}/attachments`,
      () => page.request.post(`/api/channels/${channelId}/attachments`, { multipart: { nonce: "n1" } }),
    ],
  ];
  const expected: Record<string, number> = {
    "/api/files/no/such-file.png": 404,
    "/no-such-page": 404,
    "/api/no-such-route": 404,
    [`POST /api/channels/${channelId}/attachments`]: 400, // an upload without a file
  };
  for (const [url, send] of requests) {
    const response = await send();
    expect.soft(response.status(), url).toBe(expected[url] ?? 200);
    const headers = response.headers();
    expect.soft(headers["x-content-type-options"], url).toBe("nosniff");
    expect.soft(headers["x-frame-options"], url).toBe("DENY");
    expect.soft(headers["referrer-policy"], url).toBe("strict-origin-when-cross-origin");
    expect.soft(headers["permissions-policy"], url).toContain("microphone=(self)");
    expect.soft(headers["strict-transport-security"], url).toBeUndefined(); // plain HTTP here
  }

  const policies = await Promise.all(
    ["/login", "/login", channelPath].map(
      async (url) => (await page.request.get(url)).headers()["content-security-policy"] ?? "",
    ),
  );
  for (const policy of policies) {
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
  }
  expect(new Set(policies.map(nonceOf)).size).toBe(3);
  // every script in the page as served carries the response's nonce
  const served = await page.request.get(channelPath);
  const nonce = nonceOf(served.headers()["content-security-policy"]!);
  const scripts = (await served.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  // behind an HTTPS proxy the browser is told to stay on HTTPS
  const overHttps = await page.request.get("/login", { headers: { "x-forwarded-proto": "https" } });
  expect(overHttps.headers()["strict-transport-security"]).toContain("max-age=");

  // another site framing the sign-in page gets nothing
  const other = await (await browser.newContext()).newPage(); // its refusal is expected: not a newPage
  await other.setContent(`<iframe src="${new URL("/login", page.url()).href}"></iframe>`);
  await expect.poll(() => other.frames()[1]?.url() ?? "").toMatch(/^chrome-error:/);
});
