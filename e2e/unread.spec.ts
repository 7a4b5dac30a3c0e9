import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { twoMembers } from "./fixtures/community";
import { hydrated } from "./fixtures/users";
import { ChannelView } from "./pages/channel-view";
import { Sidebar } from "./pages/sidebar";

const channelLink = (page: Page, name: string) =>
  new Sidebar(page).channelLinks().filter({ hasText: new RegExp(`^${name}$`) });
const channelItem = (page: Page, name: string) =>
  new Sidebar(page)
    .channels()
    .getByRole("listitem")
    .filter({ has: page.getByRole("link").filter({ hasText: new RegExp(`^${name}$`) }) });
const communityBadge = (page: Page) => new Sidebar(page).rail().getByTestId("community-badge");

test("unread and mention badges rise and clear, the divider marks the first unread, and two tabs of one user stay in sync", async ({
  browser,
}) => {
  const { a, b, bUser, aView } = await twoMembers(browser);
  await new Sidebar(a).createChannel("news");
  await aView.send("first news");
  await aView.send(`ping @${bUser.username} here`, "ping @Member here");

  // B, still in #general: #news is bold with one mention; the community badge counts every unread (3, with "channel created")
  await expect(channelLink(b, "news")).toHaveAttribute("data-unread", "true");
  await expect(channelItem(b, "news").getByTestId("mention-badge")).toHaveText("1");
  await expect(communityBadge(b)).toHaveText("3");
  await expect(b).toHaveTitle(/^\(3\) /);
  await expect(channelLink(b, "general")).not.toHaveAttribute("data-unread", "true");

  // a second tab of B's, opened now, shows the same counts
  const b2 = await b.context().newPage();
  await b2.goto(b.url());
  await hydrated(b2);
  await expect(channelItem(b2, "news").getByTestId("mention-badge")).toHaveText("1");

  // B opens #news: the divider sits above the first unread message, and everything clears in both tabs
  await channelLink(b, "news").click();
  const divider = b.getByRole("separator", { name: "New messages" });
  await expect(divider).toBeVisible();
  await expect(channelItem(b2, "news").getByTestId("mention-badge")).toHaveCount(0);
  await expect(channelLink(b2, "news")).not.toHaveAttribute("data-unread", "true");
  await expect(communityBadge(b2)).toHaveCount(0);
  await expect(b2).not.toHaveTitle(/^\(\d+\) /);

  // a message while B reads #news at the bottom is read at once; B's other tab stays clear
  await aView.send("more news");
  await expect(new ChannelView(b).message("more news")).toBeInViewport({ ratio: 1 });
  await expect(communityBadge(b2)).toHaveCount(0);
  await expect(channelLink(b2, "news")).not.toHaveAttribute("data-unread", "true");

  // B goes back to #general; a new message in #news makes it bold again in both tabs
  await new Sidebar(b).openChannel("general");
  await aView.send("late news");
  await expect(channelLink(b, "news")).toHaveAttribute("data-unread", "true");
  await expect(channelLink(b2, "news")).toHaveAttribute("data-unread", "true");
  await expect(communityBadge(b)).toHaveText("1");

  // "Mark as read" from the community's menu clears it everywhere
  await b.getByRole("button", { name: /^Notification settings for (?!#)/ }).click();
  await b.getByRole("menuitem", { name: "Mark as read" }).click();
  await expect(communityBadge(b)).toHaveCount(0);
  await expect(channelLink(b2, "news")).not.toHaveAttribute("data-unread", "true");
});

test("notification settings decide what badges: only mentions for the community, nothing for a channel", async ({
  browser,
}) => {
  const { a, b, bUser, aView } = await twoMembers(browser);
  await new Sidebar(a).createChannel("noisy");
  await aView.send("chatter one");
  await expect(communityBadge(b)).toHaveText("2");

  // community set to "Only @mentions": plain messages stop counting on the rail
  await b.getByRole("button", { name: /^Notification settings for (?!#)/ }).click();
  await b.getByRole("menuitemradio", { name: "Only @mentions" }).click();
  await expect(communityBadge(b)).toHaveCount(0);
  await expect(channelLink(b, "noisy")).toHaveAttribute("data-unread", "true");
  await aView.send(`hey @${bUser.username} look`, "hey @Member look");
  await expect(communityBadge(b)).toHaveText("1");

  // #noisy set to "Nothing": no bold, no mention badge, nothing on the rail, even for a mention
  await channelItem(b, "noisy").hover();
  await b.getByRole("button", { name: "Notification settings for #noisy" }).click();
  await b.getByRole("menuitemradio", { name: "Nothing" }).click();
  await expect(channelLink(b, "noisy")).not.toHaveAttribute("data-unread", "true");
  await expect(channelItem(b, "noisy").getByTestId("mention-badge")).toHaveCount(0);
  await expect(communityBadge(b)).toHaveCount(0);
  await aView.send(`again @${bUser.username}`, "again @Member");
  await expect(new ChannelView(a).message("again @Member")).toHaveAttribute("data-status", "sent");
  await expect(communityBadge(b)).toHaveCount(0);

  // back to the community's default: the two mentions count again
  await channelItem(b, "noisy").hover();
  await b.getByRole("button", { name: "Notification settings for #noisy" }).click();
  await b.getByRole("menuitemradio", { name: /^Default/ }).click();
  await expect(communityBadge(b)).toHaveText("2");
  await expect(channelItem(b, "noisy").getByTestId("mention-badge")).toHaveText("2");
});

test("blocking: the blocked member's messages collapse for the blocker and stop counting, and come back on unblock", async ({
  browser,
}) => {
  const { a, b, aView } = await twoMembers(browser);
  await new Sidebar(a).createChannel("side");
  await aView.send("side chatter");
  await expect(communityBadge(b)).toHaveText("2");

  // B opens Owner from the member list and blocks them: counts drop at once
  await b.getByTestId("member").filter({ hasText: "Owner" }).click();
  const dialog = b.getByRole("dialog", { name: "Owner" });
  await dialog.getByRole("button", { name: "Block" }).click();
  await expect(dialog.getByRole("button", { name: "Unblock" })).toBeVisible();
  await b.keyboard.press("Escape");
  await expect(communityBadge(b)).toHaveCount(0);
  await expect(channelLink(b, "side")).not.toHaveAttribute("data-unread", "true");

  // in #general, Owner's new message shows as a blocked line until B asks to see it
  await new Sidebar(a).openChannel("general"); // waits for #general: a send before that would go to #side
  await aView.send("can you see me");
  const blockedLine = b.getByTestId("blocked-message");
  await expect(blockedLine).toBeVisible();
  await expect(new ChannelView(b).message("can you see me")).toHaveCount(0);
  await blockedLine.getByRole("button", { name: "Show message" }).click();
  await expect(new ChannelView(b).message("can you see me")).toBeInViewport({ ratio: 1 });

  // unblocked: #side's messages count again
  await b.getByTestId("member").filter({ hasText: "Owner" }).click();
  await b.getByRole("dialog", { name: "Owner" }).getByRole("button", { name: "Unblock" }).click();
  await b.keyboard.press("Escape");
  await expect(channelLink(b, "side")).toHaveAttribute("data-unread", "true");
});
