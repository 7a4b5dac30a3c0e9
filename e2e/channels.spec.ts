import { expect, test } from "./fixtures/test";
import { type Page } from "@playwright/test";
import sharp from "sharp";
import { twoMembers } from "./fixtures/community";
import { hydrated, unique } from "./fixtures/users";
import { MemberPanel } from "./pages/settings";
import { Sidebar } from "./pages/sidebar";

test("a private channel is invisible to a non-member until added; deleting it removes it live", async ({ browser }) => {
  const { a, b, aView, bView } = await twoMembers(browser);
  const aSidebar = new Sidebar(a);
  const bSidebar = new Sidebar(b);
  await aSidebar.createPrivateChannel("staff");
  const staffUrl = a.url();
  await aView.send("owners only");
  await expect(bSidebar.channelLinks()).toHaveText(["general"]);
  await b.goto(staffUrl);
  await hydrated(b);
  await expect(b.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  await b.goBack();
  await hydrated(b);

  await aSidebar.channels().getByRole("button", { name: "Edit staff" }).click({ force: true });
  const settings = a.getByRole("dialog", { name: "#staff" });
  await settings.getByLabel("Add a member by name").fill("mem");
  await settings.getByRole("button", { name: "Add Member" }).click();
  await expect(settings.getByRole("button", { name: "Remove Member from the channel" })).toBeVisible();
  await a.keyboard.press("Escape");
  await expect(bSidebar.channelLinks()).toHaveText(["general", "staff"]);
  await bSidebar.openChannel("staff");
  await bView.expectMessage("owners only");

  await aSidebar.channels().getByRole("button", { name: "Edit staff" }).click({ force: true });
  await a.getByRole("dialog", { name: "#staff" }).getByRole("button", { name: "Delete channel" }).click();
  await a.getByRole("dialog", { name: "#staff" }).getByRole("button", { name: "Delete channel" }).click();
  await expect(
    b
      .locator("[data-sonner-toast]")
      .filter({ hasText: "This channel was deleted, or you no longer have access to it." }),
  ).toBeVisible();
  await expect(b.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
  await expect(bSidebar.channelLinks()).toHaveText(["general"]);
});

test("channel mute mode and slowmode show in the member's composer", async ({ browser }) => {
  const { a, aView, bView } = await twoMembers(browser);
  await new Sidebar(a).channels().getByRole("button", { name: "Edit general" }).click({ force: true });
  let settings = a.getByRole("dialog", { name: "#general" });
  await settings.getByLabel("Who can send").selectOption("NORMAL");
  await settings.getByRole("button", { name: "Save", exact: true }).click();
  await expect(bView.composer()).toBeDisabled();
  await expect(bView.composer()).toHaveAttribute("placeholder", "This channel is muted for you permanently.");
  await aView.send("admins still talk");
  await bView.expectMessage("admins still talk");

  await new Sidebar(a).channels().getByRole("button", { name: "Edit general" }).click({ force: true });
  settings = a.getByRole("dialog", { name: "#general" });
  await settings.getByLabel("Who can send").selectOption("NONE");
  await settings.getByLabel(/^Slowmode/).selectOption({ label: "30 seconds" });
  await settings.getByRole("button", { name: "Save", exact: true }).click();
  await expect(bView.composer()).toBeEnabled();
  await expect(bView.page.getByTestId("slowmode")).toHaveText("Slowmode is on: one message every 30 seconds.");
  await bView.send("first under slowmode");
  await expect(bView.page.getByTestId("slowmode")).toHaveText(/^Slowmode: you can send again in (29|30)s\.$/);
  await bView.composer().fill("too soon");
  await bView.composer().press("Enter");
  await expect(bView.composer()).toHaveValue("too soon");
  await expect(bView.message("too soon")).toHaveCount(0);
});

const toast = (page: Page, text: string | RegExp) => page.locator("[data-sonner-toast]").filter({ hasText: text });

test("categories: the owner renames and deletes one (after confirming); its channels stay; members cannot manage them", async ({
  browser,
}) => {
  const { a, b } = await twoMembers(browser);
  const aSidebar = new Sidebar(a);
  const bSidebar = new Sidebar(b);
  const original = unique("Projects ");
  await aSidebar.createCategory(original);
  await aSidebar.channels().getByRole("button", { name: "Create channel" }).click();
  const create = a.getByRole("dialog", { name: "Create channel" });
  await create.getByLabel("Channel name").fill("roadmap");
  await create.getByLabel("Category").selectOption({ label: original });
  await create.getByRole("button", { name: "Create channel" }).click();
  await expect(aSidebar.categoryLinks(original)).toHaveText(["roadmap"]);
  await expect(bSidebar.categoryLinks(original)).toHaveText(["roadmap"]);
  await expect(bSidebar.channels().getByRole("button", { name: /category options$/ })).toHaveCount(0);

  await aSidebar
    .channels()
    .getByRole("button", { name: `${original} category options` })
    .click();
  await expect(aSidebar.channels().getByRole("menuitem")).toHaveText(["Rename category", "Delete category"]);
  await test.info().attach("sidebar category menu", { body: await a.screenshot(), contentType: "image/png" });
  await a.keyboard.press("Escape");
  await expect(aSidebar.channels().getByRole("menu")).toHaveCount(0);

  // rename: an empty name is refused with a reason, then a real one reaches the member live
  await aSidebar.categoryAction(original, "Rename category");
  let dialog = a.getByRole("dialog", { name: "Rename category" });
  await dialog.getByLabel("Category name").fill("   ");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Category name is required.");
  await expect(toast(a, "Category name is required.")).toContainText("Error 6002001");
  const renamed = unique("Work ");
  await dialog.getByLabel("Category name").fill(renamed);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(bSidebar.categoryLinks(renamed)).toHaveText(["roadmap"]);
  await expect(bSidebar.channels().getByRole("list", { name: original })).toHaveCount(0);

  // delete: cancel keeps it; confirming moves its channel to Text channels for everyone
  await aSidebar.categoryAction(renamed, "Delete category");
  dialog = a.getByRole("dialog", { name: "Delete category" });
  await expect(dialog).toContainText("Its channel stays, with its messages, and moves to Text channels (no category).");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(aSidebar.categoryLinks(renamed)).toHaveText(["roadmap"]);
  await aSidebar.categoryAction(renamed, "Delete category");
  await test.info().attach("delete category confirmation", { body: await a.screenshot(), contentType: "image/png" });
  await a.getByRole("dialog", { name: "Delete category" }).getByRole("button", { name: "Delete category" }).click();
  await expect(toast(a, `Deleted category ${renamed}`)).toBeVisible();
  for (const sidebar of [aSidebar, bSidebar]) {
    await expect(sidebar.channelLinks()).toHaveText(["general", "roadmap"]);
    await expect(sidebar.channels().getByRole("list", { name: renamed })).toHaveCount(0);
  }
  await bSidebar.openChannel("roadmap");
});

test("a channel avatar and attributes: refused non-images say why; the new avatar reaches the other member live", async ({
  browser,
}) => {
  const { a, b } = await twoMembers(browser);
  const settings = await new Sidebar(a).editChannel("general");
  await settings
    .getByLabel("Avatar image")
    .setInputFiles({ name: "evil.png", mimeType: "image/png", buffer: Buffer.from("not an image") });
  await expect(settings.getByRole("alert").filter({ hasText: "That file is not an image we can use" })).toBeVisible();
  await expect(toast(a, "That file is not an image we can use")).toContainText("Error 6002041");
  const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#2e7d32" } })
    .png()
    .toBuffer();
  await settings.getByLabel("Avatar image").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: png });
  await expect(toast(a, "Avatar updated")).toBeVisible();
  await expect(settings.getByTestId("channel-avatar")).toHaveAttribute(
    "src",
    /^\/api\/channels\/[0-9A-Z]+\/avatar\?v=[0-9A-Z]+$/,
  );

  // attributes: the community settings' editor, per-key failures stay on screen
  await settings.getByRole("button", { name: "Add attribute" }).click();
  await settings.getByLabel("Attribute 1 key").fill("k".repeat(17));
  await settings.getByLabel("Attribute 1 value").fill("too long key");
  await settings.getByRole("button", { name: "Add attribute" }).click();
  await settings.getByLabel("Attribute 2 key").fill("language");
  await settings.getByLabel("Attribute 2 value").fill("en");
  await settings.getByRole("button", { name: "Save", exact: true }).click();
  await expect(settings.getByRole("alert").filter({ hasText: "is longer than 16 characters" })).toBeVisible();
  await expect(settings.getByLabel("Attribute 1 key")).toHaveValue("language");
  await a.setViewportSize({ width: 1280, height: 1000 }); // room for the whole dialog in the review screenshot
  await test.info().attach("channel settings dialog", { body: await a.screenshot(), contentType: "image/png" });
  await a.keyboard.press("Escape");

  // B did nothing: the header of #general shows the new avatar, served to readers only
  const header = b.getByRole("main").locator("header");
  const avatar = header.getByTestId("channel-avatar");
  await expect(avatar).toHaveAttribute("src", /^\/api\/channels\/.+\/avatar\?v=/);
  await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(256);
  // the attributes were stored: reopened, the dialog shows them
  const again = await new Sidebar(a).editChannel("general");
  await expect(again.getByLabel("Attribute 1 key")).toHaveValue("language");
  await expect(again.getByLabel("Attribute 1 value")).toHaveValue("en");
});

test("beside a private channel the member list shows only those who can read it, and follows its seats live", async ({
  browser,
}) => {
  const { a, b, bView } = await twoMembers(browser);
  const aSidebar = new Sidebar(a);
  const aPanel = new MemberPanel(a);
  await expect(aPanel.member("Member")).toHaveCount(1); // #general: the whole community
  await aSidebar.createPrivateChannel("council");
  await expect(a.getByTestId("member-list-scope")).toHaveText("Only those who can read this channel");
  await expect(aPanel.member("Owner")).toHaveCount(1);
  await expect(aPanel.member("Member")).toHaveCount(0);
  await a.getByRole("textbox", { name: "Search members" }).fill("mem");
  await expect(a.getByText("No member's name starts with “mem”.")).toBeVisible();
  await a.getByRole("textbox", { name: "Search members" }).fill("");

  // a non-reader asking the API for that list learns nothing
  const councilId = a.url().split("/").pop()!;
  const communityId = a.url().split("/").at(-2)!;
  const response = await b.request.get(`/api/communities/${communityId}/members?channelId=${councilId}`);
  expect(response.status()).toBe(404);
  expect(await response.json()).toEqual({ ok: false, code: 6001062, message: "This channel does not exist." });

  // seated: the owner's open list follows at once, and B sees the same readers
  const settings = await aSidebar.editChannel("council");
  await settings.getByLabel("Add a member by name").fill("mem");
  await settings.getByRole("button", { name: "Add Member" }).click();
  await expect(settings.getByRole("button", { name: "Remove Member from the channel" })).toBeVisible();
  await a.keyboard.press("Escape");
  await expect(aPanel.member("Member")).toHaveCount(1);
  await new Sidebar(b).openChannel("council");
  const bPanel = new MemberPanel(b);
  await expect(bPanel.member("Owner")).toHaveCount(1);
  await expect(bPanel.member("Member")).toHaveCount(1);
  await bView.send("glad to be here");
  await test.info().attach("private channel member list", { body: await b.screenshot(), contentType: "image/png" });
});
