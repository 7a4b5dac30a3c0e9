import { expect, test } from "./fixtures/test";
import { hydrated, newPage, newUser, unique } from "./fixtures/users";
import { AuthPage } from "./pages/auth-page";
import { ChannelView } from "./pages/channel-view";
import { Sidebar } from "./pages/sidebar";

test("an incoming webhook: the owner makes one in channel settings, a script posts with it, both screens see it live; deleted, it stops", async ({
  browser,
  playwright,
}) => {
  const owner = await newPage(browser, { viewport: { width: 1440, height: 900 } });
  const ownerUser = newUser("Owner");
  await new AuthPage(owner).registerFresh(ownerUser);
  await new Sidebar(owner).createCommunity(unique("Hooks "));
  const general = owner.url();
  const link = await new Sidebar(owner).createInviteLink();

  const phone = await newPage(browser, { viewport: { width: 390, height: 844 }, hasTouch: true });
  await new AuthPage(phone).registerFresh(newUser("Member"));
  await phone.goto(link);
  await hydrated(phone);
  await phone.getByRole("button", { name: "Accept invite" }).click();
  await expect(phone).toHaveURL(general);

  // the owner makes a webhook in #general's settings; its URL is shown once
  const settings = await new Sidebar(owner).editChannel("general");
  const webhooks = settings.getByRole("region", { name: "Webhooks" });
  await expect(webhooks.getByText("No webhooks in this channel yet.")).toBeVisible();
  await webhooks.getByLabel("Webhook name").fill("Deploys");
  await webhooks.getByRole("button", { name: "Create webhook" }).click();
  const urlField = webhooks.getByRole("textbox", { name: "Webhook URL" });
  await expect(urlField).toHaveValue(new RegExp(`^${new URL(general).origin}/api/webhooks/[0-9A-Z]{26}/[\\w-]{43}$`));
  const url = await urlField.inputValue();
  const listed = webhooks.getByRole("list", { name: "Webhooks" }).getByRole("listitem");
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText("Deploys");
  await expect(listed).toContainText(`by ${ownerUser.displayName}`);
  await expect(listed).toContainText("never used");
  await owner.screenshot({ path: test.info().outputPath("webhook-settings-desktop.png") });
  await owner.keyboard.press("Escape");
  await expect(settings).toBeHidden();

  // a script with no session posts to the URL
  const script = await playwright.request.newContext();
  const posted = await script.post(url, { data: { content: "Build **42** passed", username: "CI" } });
  expect(posted.status()).toBe(200);
  expect(await posted.json()).toMatchObject({ ok: true, data: { author: { displayName: "CI", webhook: true } } });

  const ownerView = new ChannelView(owner);
  const phoneView = new ChannelView(phone);
  for (const view of [ownerView, phoneView]) {
    await view.expectMessage("Build 42 passed");
    const message = view.message("Build 42 passed");
    await expect(message.locator("strong")).toHaveText("42");
    await expect(message).toContainText("CI");
    await expect(message.getByText("Bot", { exact: true })).toBeVisible();
    // a webhook has no profile to open
    await expect(message.getByRole("button", { name: "CI", exact: true })).toHaveCount(0);
  }

  // markup arrives as text, on both screens
  const html = `<img src=x onerror="document.title='owned'">`;
  expect((await script.post(url, { data: { content: html } })).status()).toBe(200);
  await ownerView.expectMessage(html);
  await phoneView.expectMessage(html);
  await expect(phoneView.message(html)).toContainText("Deploys");
  expect(await owner.title()).not.toBe("owned");
  await phone.screenshot({ path: test.info().outputPath("webhook-message-phone.png") });

  // deleted: the URL stops at once, the messages stay
  const again = await new Sidebar(owner).editChannel("general");
  const row = again.getByRole("region", { name: "Webhooks" }).getByRole("listitem");
  await expect(row).toContainText("last used");
  await row.getByRole("button", { name: "Delete", exact: true }).click();
  await row.getByRole("button", { name: "Delete Deploys" }).click();
  await expect(owner.getByText("Deleted the webhook Deploys")).toBeVisible();
  await expect(again.getByText("No webhooks in this channel yet.")).toBeVisible();
  const refused = await script.post(url, { data: { content: "too late" } });
  expect(refused.status()).toBe(404);
  expect(await refused.json()).toMatchObject({ ok: false, code: 6002084 });
  await owner.keyboard.press("Escape");
  await expect(ownerView.message("too late")).toHaveCount(0);
  await expect(ownerView.message("Build 42 passed")).toHaveCount(1);

  // a member has no channel settings to make one in
  await phone.getByRole("button", { name: "Open navigation" }).click();
  await expect(new Sidebar(phone).channelLinks().filter({ hasText: /^general$/ })).toBeVisible();
  await expect(phone.getByRole("button", { name: "Edit general" })).toHaveCount(0);

  // the settings dialog fits a phone
  await owner.setViewportSize({ width: 390, height: 844 });
  await owner.getByRole("button", { name: "Open navigation" }).click();
  const narrow = await new Sidebar(owner).editChannel("general");
  await expect(narrow.getByRole("region", { name: "Webhooks" })).toBeVisible();
  expect(await owner.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await owner.screenshot({ path: test.info().outputPath("webhook-settings-phone.png") });
  await script.dispose();
});
