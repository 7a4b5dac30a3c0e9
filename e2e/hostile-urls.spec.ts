import { expect, test } from "./fixtures/test";
import { AuthPage } from "./pages/auth-page";
import { Sidebar } from "./pages/sidebar";
import { newPage, newUser, unique } from "./fixtures/users";

// Typed URLs a person (or a link) can produce: each answers a page or the not-found page, never a 500,
// and no callbackUrl leads off the site.
test("hostile URLs answer not found or a normal page, never a server error or another site", async ({ browser }) => {
  const page = await newPage(browser);
  await new AuthPage(page).registerFresh(newUser("Owner"));
  await new Sidebar(page).createCommunity(unique("Urls "));
  const [, , communityId, channelId] = new URL(page.url()).pathname.split("/");
  const x = (n: number) => "x".repeat(n);
  const cursorOf = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString("base64url");

  const expected: [string, number][] = [
    [`/invite/${"%E2%80%AE".repeat(8)}`, 404],
    [`/invite/${x(65)}`, 404],
    [`/discover?q=${x(101)}`, 200],
    ["/discover?q=a%00", 200],
    [`/discover?cursor=${x(401)}`, 200],
    ["/discover?cursor=%00", 200],
    ["/discover?cursor=a&cursor=b", 200],
    [`/c/${communityId}/settings/audit?cursor=${x(401)}`, 200],
    [`/c/${communityId}/settings/audit?cursor=%00`, 200],
    [`/c/${communityId}/settings/bans?cursor=${x(401)}`, 200],
    [`/c/${communityId}/settings/bans?cursor=${cursorOf(["2024-01-01T00:00:00.000Z", "\u0000"])}`, 404],
    ["/c/%00", 404],
    [`/c/${communityId}/%00`, 404],
    [`/c/${x(65)}/settings/members`, 404],
    [`/c/${communityId}/${channelId}?m=%00&thread=%00`, 200],
  ];
  for (const [url, status] of expected) {
    const response = await page.request.get(url, { maxRedirects: 0 });
    expect.soft(response.status(), url).toBe(status);
  }

  const api: [string, number][] = [
    ["/api/channels/%00/pins", 400],
    [`/api/communities/${communityId}/members?cursor=${cursorOf(["a", "\u0000", "c"])}`, 400],
  ];
  for (const [url, status] of api) {
    const response = await page.request.get(url);
    expect.soft(response.status(), url).toBe(status);
    expect.soft((await response.json()).code, url).toBe(6002001);
  }

  // signed in, /login sends the person on to callbackUrl: only ever a path of this site
  for (const callbackUrl of [
    "/%09/evil.example",
    "//evil.example",
    "/\\evil.example",
    "/.//evil.example",
    "https://evil.example/",
    "/%0d%0aSet-Cookie:x=1",
  ]) {
    const response = await page.request.get(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`, {
      maxRedirects: 0,
    });
    expect.soft(response.status(), callbackUrl).toBeLessThan(500);
    const location = response.headers()["location"] ?? "";
    expect.soft(new URL(location, page.url()).origin, callbackUrl).toBe(new URL(page.url()).origin);
  }
});
