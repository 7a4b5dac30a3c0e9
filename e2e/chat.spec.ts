import { expect, test } from "./fixtures/test";
import { alerts, hydrated, newPage, newUser, unique } from "./fixtures/users";
import { AuthPage } from "./pages/auth-page";
import { ChannelView } from "./pages/channel-view";
import { Sidebar } from "./pages/sidebar";

test("two people meet through an invite link and chat live", async ({ browser }, testInfo) => {
  const alice = newUser("Alice");
  const bob = newUser("Bob");
  const communityName = unique("Book Club ");

  // A signs up, creates a community and a channel, and copies an invite link.
  const a = await newPage(browser);
  await new AuthPage(a).registerFresh(alice);
  const aSidebar = new Sidebar(a);
  await aSidebar.createCommunity(communityName);
  await expect(a.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
  await aSidebar.createChannel("Planning Room");
  await expect(aSidebar.channelLinks()).toHaveText(["general", "planning-room"]);
  const planningUrl = a.url();
  expect(planningUrl).toMatch(/\/c\/[0-9A-Z]{26}\/[0-9A-Z]{26}$/);
  const link = await aSidebar.createInviteLink();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9]{10}$/);

  // B opens the link signed out, signs up through it, and joins as a member.
  const b = await newPage(browser);
  await b.goto(link);
  await hydrated(b);
  await expect(b.getByRole("heading", { name: communityName })).toBeVisible();
  await b.getByRole("link", { name: "Create an account to join" }).click();
  await new AuthPage(b).register(bob);
  await expect(b).toHaveURL(link);
  await hydrated(b);
  await b.getByRole("button", { name: "Accept invite" }).click();
  const bSidebar = new Sidebar(b);
  await expect(b.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
  await expect(bSidebar.channels().getByRole("heading", { name: communityName })).toBeVisible();
  // members do not see the channel control
  await expect(bSidebar.channels().getByRole("button", { name: "Create channel" })).toHaveCount(0);
  await bSidebar.openChannel("planning-room");
  expect(b.url()).toBe(planningUrl);

  // A sends, B sees it without reloading; B answers with two lines, A sees it.
  const aView = new ChannelView(a);
  const bView = new ChannelView(b);
  await aView.send("Hello Bob, welcome to the club!");
  await bView.expectMessage("Hello Bob, welcome to the club!");

  await bView.composer().fill("Thanks Alice!");
  await bView.composer().press("Shift+Enter");
  await bView.composer().pressSequentially("Glad to be here.");
  await expect(bView.composer()).toHaveValue("Thanks Alice!\nGlad to be here.");
  await bView.composer().press("Enter");
  await expect(bView.composer()).toHaveValue("");
  await aView.expectMessage(/Thanks Alice!\s*Glad to be here\./);
  await expect(aView.message(/Thanks Alice!/).locator("p")).toHaveText("Thanks Alice!\nGlad to be here.");

  // A reload keeps the conversation, in order.
  await b.reload();
  await hydrated(b);
  await expect(bView.messages()).toHaveCount(2);
  await expect(bView.messages().nth(0)).toContainText("Hello Bob, welcome to the club!");
  await expect(bView.messages().nth(1)).toContainText("Glad to be here.");

  // the live channel:created event arrived long before B's message: the list shows each channel once
  await expect(aSidebar.channelLinks()).toHaveText(["general", "planning-room"]);
  await a.screenshot({ path: testInfo.outputPath("channel-view.png") });
  await testInfo.attach("channel-view", { path: testInfo.outputPath("channel-view.png"), contentType: "image/png" });
});

test("the composer refuses empty and overlong messages and keeps the text", async ({ browser }) => {
  const page = await newPage(browser);
  await new AuthPage(page).registerFresh(newUser("Carol"));
  await new Sidebar(page).createCommunity(unique("Quiet "));
  const view = new ChannelView(page);

  await view.composer().fill("   ");
  await view.composer().press("Enter");
  await expect(view.messages()).toHaveCount(0);

  const long = "x".repeat(4001);
  await view.composer().fill(long);
  await view.composer().press("Enter");
  await expect(alerts(page)).toHaveText("Your message is too long: 4,001 of 4,000 characters.");
  await expect(view.composer()).toHaveValue(long);
  await expect(view.messages()).toHaveCount(0);

  await view.send("<img src=x onerror=alert(1)> <script>alert(2)</script>");
  await expect(view.message("<script>alert(2)</script>")).toHaveCount(1);
  await expect(page.locator("article img")).toHaveCount(0);
});
