import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { twoMembers } from "./fixtures/community";
import { hydrated, newPage, newUser } from "./fixtures/users";
import { AuthPage } from "./pages/auth-page";
import { ChannelView } from "./pages/channel-view";
import { Sidebar } from "./pages/sidebar";

type Shown = { title: string; body: string };

/** The page records desktop notifications instead of showing them, and its window never has focus (a background tab). */
async function recordNotifications(page: Page) {
  await page.addInitScript(() => {
    const shown: { title: string; body: string }[] = [];
    (window as unknown as { __notifications: typeof shown }).__notifications = shown;
    class RecordedNotification {
      static permission = "granted";
      static requestPermission = async () => "granted";
      onclick: (() => void) | null = null;
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body ?? "" });
      }
      close() {}
    }
    Object.defineProperty(window, "Notification", { value: RecordedNotification, configurable: true });
    document.hasFocus = () => false;
  });
  const back = page.url();
  await page.goto("/settings/notifications");
  await hydrated(page);
  const toggle = page.getByRole("switch", { name: /Desktop notifications in this browser/ });
  await toggle.click();
  await expect(toggle).toBeChecked();
  await page.goto(back);
  await hydrated(page);
  return () => page.evaluate(() => (window as unknown as { __notifications: Shown[] }).__notifications);
}

const railDirect = (page: Page) => new Sidebar(page).rail().getByRole("link", { name: /^Direct messages/ });
const conversations = (page: Page) => page.getByRole("complementary", { name: "Direct messages" });

test("two people message each other from a profile card, with badges and a desktop notification", async ({
  browser,
}) => {
  test.setTimeout(120_000); // three people sign up
  const { a, b, aUser, bUser } = await twoMembers(browser);
  const notifications = await recordNotifications(b);

  // A opens B's card from the member list and chooses Message
  await a.getByTestId("member").filter({ hasText: bUser.displayName }).click();
  await a.getByTestId("profile-card").getByRole("button", { name: "Message" }).click();
  await expect(a.getByRole("heading", { level: 1, name: bUser.displayName })).toBeVisible();
  await expect(
    a.getByText(`This is the beginning of your direct message history with ${bUser.displayName}.`),
  ).toBeVisible();
  const aView = new ChannelView(a);
  await expect(aView.composer()).toHaveAccessibleName(`Message @${bUser.displayName}`);
  await aView.send("hello in private");
  await expect(conversations(a).getByTestId("conversation-link")).toHaveCount(1);
  await expect(conversations(a).getByTestId("conversation-link")).toHaveAccessibleName(bUser.displayName);

  // B, in the community's #general with the tab in the background: the rail's badge and a notification
  await expect(railDirect(b).getByTestId("direct-messages-badge")).toHaveText("1");
  await expect.poll(notifications).toEqual([{ title: aUser.displayName, body: "hello in private" }]);
  await test.info().attach("dm-badge-desktop", { body: await b.screenshot(), contentType: "image/png" });

  // B comes back to the tab and opens Direct messages: the conversation with its badge; opening it reads it
  await b.evaluate(() => {
    document.hasFocus = () => true;
    window.dispatchEvent(new Event("focus"));
  });
  await railDirect(b).click();
  await expect(b).toHaveURL(/\/dm$/);
  const link = conversations(b).getByTestId("conversation-link").filter({ hasText: aUser.displayName });
  await expect(link.getByTestId("conversation-badge")).toHaveText("1");
  await link.click();
  const bView = new ChannelView(b);
  await bView.expectMessage("hello in private");
  await expect(railDirect(b).getByTestId("direct-messages-badge")).toHaveCount(0);
  await expect(link.getByTestId("conversation-badge")).toHaveCount(0);

  await bView.send("hi back");
  await aView.expectMessage("hi back");
  // B's status shows in A's conversation header, live
  const header = a.getByRole("main").locator("header").first();
  await expect(header.locator("[data-presence]")).toHaveAttribute("data-presence", "online");
  await b.getByRole("button", { name: /Set your status$/ }).click();
  const status = b.getByRole("dialog", { name: "Set your status" });
  await status.getByText("Do not disturb").click();
  await status.getByLabel("What's happening?").fill("On a train");
  await status.getByRole("button", { name: "Save" }).click();
  await expect(status).toBeHidden();
  await expect(header.locator("[data-presence]")).toHaveAttribute("data-presence", "dnd");
  await expect(header.getByTestId("conversation-custom-status")).toHaveText("On a train");
  // anyone in a direct conversation pins
  const hiBack = a.getByRole("article", { name: /hi back$/ });
  await hiBack.hover();
  await hiBack.getByRole("button", { name: "Pin message" }).click();
  await expect(
    b.getByTestId("system-message").filter({ hasText: `${aUser.displayName} pinned a message` }),
  ).toBeInViewport();
  await test.info().attach("dm-desktop", { body: await a.screenshot(), contentType: "image/png" });

  // nobody else can open it: the address is not found for a third person
  const url = a.url();
  const c = await newPage(browser);
  await new AuthPage(c).registerFresh(newUser("Stranger"));
  const response = await c.goto(url);
  expect(response?.status()).toBe(404);
  // nor any of its routes: history, pins, people, search (answered as for any community one is not in)
  const [, conversationId, channelId] = new URL(url).pathname.split("/").filter(Boolean);
  for (const path of [
    `/api/channels/${channelId}/messages`,
    `/api/channels/${channelId}/pins`,
    `/api/communities/${conversationId}/members`,
    `/api/communities/${conversationId}/search?query=hello`,
  ]) {
    const answer = await c.request.get(path);
    expect(answer.status(), path).toBe(403);
    expect(await answer.json(), path).toMatchObject({ ok: false, code: 6001005 });
  }
  // a conversation has no community settings, even for its people
  expect((await a.goto(`/c/${conversationId}/settings`))?.status()).toBe(404);
  await a.goto(url);
  await hydrated(a);

  // A blocks B: the conversation stays readable, but neither can send
  await a
    .getByRole("article", { name: /hi back$/ })
    .getByRole("button", { name: bUser.displayName })
    .click();
  await a.getByTestId("profile-card").getByRole("button", { name: "Block" }).click();
  await a.keyboard.press("Escape");
  await b.reload();
  await hydrated(b);
  await expect(bView.composer()).toHaveAttribute("placeholder", `${aUser.displayName} is not accepting your messages.`);
  await expect(bView.composer()).toBeDisabled();
});

test("a group of three: made from New message, one leaves and the others see it", async ({ browser }) => {
  test.setTimeout(120_000); // three people sign up
  const { a, b, bUser } = await twoMembers(browser);
  const link = await new Sidebar(a).createInviteLink();
  const c = await newPage(browser, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const cUser = newUser("Third");
  await new AuthPage(c).registerFresh(cUser);
  await c.goto(link);
  await hydrated(c);
  await c.getByRole("button", { name: "Accept invite" }).click();
  await expect(c).toHaveURL(/\/c\//);

  // A starts a group with B and C
  await railDirect(a).click();
  await hydrated(a);
  await expect(a.getByRole("heading", { name: "No direct messages yet" })).toBeVisible();
  await a.getByRole("main").getByRole("button", { name: "New message" }).click();
  const dialog = a.getByRole("dialog", { name: "New message" });
  for (const person of [bUser, cUser]) {
    await dialog.getByLabel("Find people").fill(person.username);
    await dialog.getByRole("checkbox", { name: new RegExp(person.displayName) }).click();
  }
  await dialog.getByLabel("Group name (optional)").fill("Trip");
  await test.info().attach("dm-new-group", { body: await a.screenshot(), contentType: "image/png" });
  await dialog.getByRole("button", { name: "Create group" }).click();
  await expect(a.getByRole("heading", { level: 1, name: "Trip" })).toBeVisible();
  const aView = new ChannelView(a);
  await aView.send("plans for the weekend?");

  // B sees it live in the list and reads it
  await railDirect(b).click();
  const bLink = conversations(b).getByTestId("conversation-link").filter({ hasText: "Trip" });
  await expect(bLink).toContainText("3 members");
  await bLink.click();
  const bView = new ChannelView(b);
  await bView.expectMessage("plans for the weekend?");

  // C, on a phone: the conversation list from the navigation drawer, then the conversation
  await c.getByRole("button", { name: "Open navigation" }).tap();
  await railDirect(c).tap();
  await hydrated(c);
  await c.getByRole("main").getByRole("link", { name: /Trip/ }).tap();
  const cView = new ChannelView(c);
  await cView.expectMessage("plans for the weekend?");
  await test.info().attach("dm-group-phone", { body: await c.screenshot(), contentType: "image/png" });

  // C leaves: they land on Direct messages without it; A and B see that they left
  await c.getByRole("button", { name: "Group settings" }).tap();
  const settings = c.getByRole("dialog", { name: "Group settings" });
  await expect(settings.getByRole("heading", { name: "People — 3" })).toBeInViewport();
  await test.info().attach("dm-group-settings-phone", { body: await c.screenshot(), contentType: "image/png" });
  await settings.getByRole("button", { name: "Leave group" }).tap();
  await settings.getByRole("button", { name: "Leave group" }).tap();
  await expect(c).toHaveURL(/\/dm$/);
  await expect(c.getByRole("main").getByRole("link", { name: /Trip/ })).toHaveCount(0);
  for (const view of [aView, bView]) {
    const left = view.page.getByTestId("system-message").filter({ hasText: `${cUser.displayName} left the group.` });
    await expect(left).toBeInViewport();
  }
  await expect(bLink).toContainText("2 members");
  await test.info().attach("dm-group-desktop", { body: await b.screenshot(), contentType: "image/png" });
});
