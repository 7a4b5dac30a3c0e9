import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { hydrated, newPage, newUser, unique } from "./fixtures/users";
import { AuthPage } from "./pages/auth-page";
import { ChannelView } from "./pages/channel-view";
import { Sidebar } from "./pages/sidebar";

/** Creates a token in Developer settings and reads it off the one-time notice. */
async function createToken(page: Page, name: string, access: "Read only" | "Read and write") {
  const form = page.getByRole("form", { name: "New API token" });
  await form.getByLabel("Token name").fill(name);
  await form.getByLabel("Access").selectOption({ label: access });
  await form.getByRole("button", { name: "Create token" }).click();
  // the notice names the token just made (an earlier one may still be on screen until then)
  await expect(page.getByRole("status").filter({ hasText: `${name} is ready` })).toBeVisible();
  const shown = page.getByRole("textbox", { name: "New token" });
  await expect(shown).toHaveValue(/^cct_/);
  return shown.inputValue();
}

/** A client with no cookies: only the token speaks for it. */
const asBot = (request: APIRequestContext, token: string) => ({
  get: (path: string) => request.get(`/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } }),
  post: (path: string, data: unknown) =>
    request.post(`/api/v1${path}`, { headers: { authorization: `Bearer ${token}` }, data }),
});

test("a token made in settings acts as its user over the API, shows once, and stops at once when revoked", async ({
  browser,
  playwright,
  baseURL,
}) => {
  const page = await newPage(browser, { viewport: { width: 1440, height: 900 } });
  const user = newUser("Dev");
  await new AuthPage(page).registerFresh(user);
  await new Sidebar(page).createCommunity(unique("Bots "));
  const generalUrl = page.url();

  await page.goto("/settings/developer");
  await hydrated(page);
  await expect(page.getByText("You have no API tokens.")).toBeVisible();
  const reader = await createToken(page, "Dashboard", "Read only");
  const tokens = page.getByRole("list", { name: "API tokens" }).getByRole("listitem");
  await expect(tokens.filter({ hasText: "Dashboard" })).toContainText(`Read only…${reader.slice(-4)}`);
  await expect(page.getByText(`Bearer ${reader}`)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("developer-settings-desktop.png") });

  const request = await playwright.request.newContext({ baseURL });
  const readBot = asBot(request, reader);
  const me = await readBot.get("/me");
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ ok: true, data: { username: user.username } });
  const [community] = (await (await readBot.get("/communities")).json()).data as { id: string }[];
  const channels = (await (await readBot.get(`/communities/${community.id}/channels`)).json()).data as { id: string }[];
  const refused = await readBot.post(`/channels/${channels[0].id}/messages`, { content: "no", nonce: "r1" });
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toMatchObject({ ok: false, code: 6002080, message: "This token may only read." });

  // a write token posts as the user, and the open channel shows it on screen at once
  const writer = await createToken(page, "Notifier", "Read and write");
  await page.goto(generalUrl);
  const view = new ChannelView(page);
  await view.send("waiting for the deploy");
  const posted = await asBot(request, writer).post(`/channels/${channels[0].id}/messages`, {
    content: "Deploy **finished**",
    nonce: "deploy-1",
  });
  expect(posted.status(), await posted.text()).toBe(200);
  await view.expectMessage("Deploy finished");

  // shown once: after a reload only its hint is left
  await page.goto("/settings/developer");
  await hydrated(page);
  await expect(page.getByRole("textbox", { name: "New token" })).toHaveCount(0);
  await expect(tokens).toHaveCount(2);
  await page.getByRole("button", { name: "Revoke Dashboard" }).click();
  await page.getByRole("button", { name: "Confirm revoking Dashboard" }).click();
  await expect(tokens).toHaveCount(1);
  expect((await readBot.get("/me")).status()).toBe(401);
  expect((await asBot(request, writer).get("/me")).status()).toBe(200);
  await request.dispose();
});

test("developer settings on a phone, and the API reference page", async ({ browser }) => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 }, hasTouch: true });
  await new AuthPage(page).registerFresh(newUser("Phone"));
  await page.goto("/settings/developer");
  await hydrated(page);
  await createToken(page, "From my phone", "Read only");
  const copy = page.getByRole("button", { name: "Copy token" });
  await expect(copy).toBeInViewport();
  // nothing wider than the screen
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: test.info().outputPath("developer-settings-phone.png"), fullPage: true });

  await page.goto("/api/v1/reference");
  await expect(page.getByRole("heading", { name: /Community chat API/ })).toBeVisible();
  await expect(page.getByText("sendChannelMessage").first()).toBeAttached();
});
