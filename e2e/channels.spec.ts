import { hydrated } from "./fixtures/users";
import { expect, test } from "@playwright/test";
import { twoMembers } from "./fixtures/community";
import { Sidebar } from "./pages/sidebar";

test("a private channel is invisible to a non-member until added; deleting it removes it live", async ({ browser }) => {
  const { a, b, aView, bView } = await twoMembers(browser);
  const aSidebar = new Sidebar(a);
  const bSidebar = new Sidebar(b);
  await aSidebar.channels().getByRole("button", { name: "Create channel" }).click();
  const dialog = a.getByRole("dialog", { name: "Create channel" });
  await dialog.getByRole("radio", { name: /Private/ }).check();
  await dialog.getByLabel("Channel name").fill("staff");
  await dialog.getByRole("button", { name: "Create channel" }).click();
  await expect(a.getByRole("heading", { level: 1, name: "staff" })).toBeVisible();
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
  await expect(b.locator("[data-sonner-toast]").filter({ hasText: "This channel was deleted, or you no longer have access to it." })).toBeVisible();
  await expect(b.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
  await expect(bSidebar.channelLinks()).toHaveText(["general"]);
});

test("channel mute mode and slowmode show in the member's composer", async ({ browser }) => {
  const { a, aView, bView } = await twoMembers(browser);
  await new Sidebar(a).channels().getByRole("button", { name: "Edit general" }).click({ force: true });
  let settings = a.getByRole("dialog", { name: "#general" });
  await settings.getByLabel("Who can send").selectOption("NORMAL");
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(bView.composer()).toBeDisabled();
  await expect(bView.composer()).toHaveAttribute("placeholder", "This channel is muted for you permanently.");
  await aView.send("admins still talk");
  await bView.expectMessage("admins still talk");

  await new Sidebar(a).channels().getByRole("button", { name: "Edit general" }).click({ force: true });
  settings = a.getByRole("dialog", { name: "#general" });
  await settings.getByLabel("Who can send").selectOption("NONE");
  await settings.getByLabel(/^Slowmode/).selectOption({ label: "30 seconds" });
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(bView.composer()).toBeEnabled();
  await expect(bView.page.getByTestId("slowmode")).toHaveText("Slowmode is on: one message every 30 seconds.");
  await bView.send("first under slowmode");
  await expect(bView.page.getByTestId("slowmode")).toHaveText(/^Slowmode: you can send again in (29|30)s\.$/);
  await bView.composer().fill("too soon");
  await bView.composer().press("Enter");
  await expect(bView.composer()).toHaveValue("too soon");
  await expect(bView.message("too soon")).toHaveCount(0);
});
