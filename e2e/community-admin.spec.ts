import { expect, test } from "./fixtures/test";
import { type Page } from "@playwright/test";
import sharp from "sharp";
import { twoMembers } from "./fixtures/community";
import { alerts, hydrated, newPage, newUser, unique } from "./fixtures/users";
import { AuthPage } from "./pages/auth-page";
import { MemberPanel, SettingsPage } from "./pages/settings";
import { Sidebar } from "./pages/sidebar";

const toast = (page: Page, text: string | RegExp) => page.locator("[data-sonner-toast]").filter({ hasText: text });

test("rename and notice reach the other member live; attributes report per-key failures", async ({ browser }) => {
  const { a, b } = await twoMembers(browser);
  const settings = new SettingsPage(a);
  await settings.open("Overview");
  const name = unique("Renamed ");
  await a.getByLabel("Community name").fill(name);
  await a.getByLabel("Notice").fill("<b>Be kind</b>");
  await a.getByRole("button", { name: "Save changes" }).click();
  await expect(toast(a, "Saved")).toBeVisible();
  // B did nothing: the sidebar header and the rail follow
  await expect(new Sidebar(b).channels().getByRole("heading", { name })).toBeVisible();
  await expect(b.getByRole("link", { name, exact: true })).toBeVisible();

  // avatar: type judged by bytes (a text file named .png is refused), shown in both rails
  await a
    .getByLabel("Avatar image")
    .setInputFiles({ name: "evil.png", mimeType: "image/png", buffer: Buffer.from("not an image") });
  await expect(alerts(a).filter({ hasText: "That file is not an image we can use" })).toBeVisible();
  const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#e91e63" } })
    .png()
    .toBuffer();
  await a.getByLabel("Avatar image").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: png });
  await expect(toast(a, "Avatar updated")).toBeVisible();
  for (const page of [a, b]) {
    const icon = page.getByRole("link", { name, exact: true }).locator("img");
    await expect(icon).toHaveAttribute("src", /^\/api\/files\/avatars\/.+\.webp$/);
    await expect.poll(() => icon.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(256);
  }

  await a.getByRole("button", { name: "Add attribute" }).click();
  await a.getByLabel("Attribute 1 key").fill("k".repeat(17));
  await a.getByLabel("Attribute 1 value").fill("too long key");
  await a.getByRole("button", { name: "Add attribute" }).click();
  await a.getByLabel("Attribute 2 key").fill("language");
  await a.getByLabel("Attribute 2 value").fill("en");
  await a.getByRole("button", { name: "Save attributes" }).click();
  await expect(alerts(a).filter({ hasText: "is longer than 16 characters" })).toBeVisible();
  await expect(a.getByLabel("Attribute 1 key")).toHaveValue("language");

  // members see a read-only overview
  await new SettingsPage(b).open("Overview");
  await expect(b.getByLabel("Community name")).toBeDisabled();
  await expect(b.getByLabel("Notice")).toHaveValue("<b>Be kind</b>");
  await expect(b.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await expect(b.getByRole("navigation", { name: "Settings" }).getByRole("link")).toHaveText(["Overview"]);
});

test("an invite link with one use admits one person, then says it is used up", async ({ browser }) => {
  const { a } = await twoMembers(browser);
  await a.getByRole("button", { name: "Invite people" }).click();
  const dialog = a.getByRole("dialog");
  await dialog.getByLabel("Max uses").selectOption("1");
  await dialog.getByRole("button", { name: "Generate invite link" }).click();
  const link = await dialog.getByLabel("Invite link").inputValue();
  await a.keyboard.press("Escape");

  const c = await newPage(browser);
  await new AuthPage(c).registerFresh(newUser("Cleo"));
  await c.goto(link);
  await hydrated(c);
  await c.getByRole("button", { name: "Accept invite" }).click();
  await expect(c.getByRole("heading", { level: 1, name: "general" })).toBeVisible();

  const d = await newPage(browser);
  await new AuthPage(d).registerFresh(newUser("Dan"));
  await d.goto(link);
  await hydrated(d);
  await expect(d.getByRole("heading", { name: "Invite invalid" })).toBeVisible();
  await expect(alerts(d)).toHaveText("This invite link has reached its maximum number of uses.");

  // the owner sees it gone from the active links; the audit log recorded it
  await new SettingsPage(a).open("Invites");
  await expect(a.getByTestId("invite-row").filter({ hasText: link.split("/").pop()! })).toHaveCount(0);
  await new SettingsPage(a).open("Audit log");
  await expect(a.getByTestId("audit-entry").filter({ hasText: "created an invite link" }).first()).toBeVisible();
});

test("join modes: open joins from discovery; approval requests are accepted and rejected live", async ({ browser }) => {
  const { a } = await twoMembers(browser);
  const communityName = (await new Sidebar(a).channels().getByRole("heading").first().textContent())!;
  const settings = new SettingsPage(a);

  // invite-only communities are not discoverable
  const c = await newPage(browser);
  await new AuthPage(c).registerFresh(newUser("Cora"));
  await c.goto(`/discover?q=${encodeURIComponent(communityName)}`);
  await hydrated(c);
  await expect(c.getByText("No public communities match.")).toBeVisible();

  await settings.setJoinMode("Open");
  await c.goto(`/discover?q=${encodeURIComponent(communityName)}`);
  await hydrated(c);
  await c.getByRole("button", { name: `Join ${communityName}` }).click();
  await expect(c.getByRole("heading", { level: 1, name: "general" })).toBeVisible();

  await settings.setJoinMode("Approval");
  const d = await newPage(browser);
  const e = await newPage(browser);
  for (const [page, name] of [
    [d, "Dora"],
    [e, "Emil"],
  ] as const) {
    await new AuthPage(page).registerFresh(newUser(name));
    await page.goto(`/discover?q=${encodeURIComponent(communityName)}`);
    await hydrated(page);
    await page.getByRole("button", { name: `Ask to join ${communityName}` }).click();
    await page.getByLabel("Message (optional)").fill(`${name} would like to join`);
    await page.getByRole("button", { name: "Send request" }).click();
    await expect(page.getByRole("button", { name: "Request pending" })).toBeVisible();
  }
  await settings.open("Join requests");
  const requests = a.getByTestId("join-request");
  await expect(requests).toHaveCount(2);
  await requests.filter({ hasText: "Dora" }).getByRole("button", { name: "Accept" }).click();
  await expect(toast(d, `Your request to join ${communityName} was accepted.`)).toBeVisible();
  await expect(
    d.getByRole("navigation", { name: "Communities" }).getByRole("link", { name: communityName }),
  ).toBeVisible();
  await requests.filter({ hasText: "Emil" }).getByRole("button", { name: "Reject" }).click();
  await expect(toast(e, `Your request to join ${communityName} was declined.`)).toBeVisible();
  await expect(requests).toHaveCount(0);
});

test("moderation: mute blocks the composer, role change, kick and ban make the target leave live", async ({
  browser,
}) => {
  const { a, b, bView } = await twoMembers(browser);
  const panel = new MemberPanel(a);

  let dialog = await panel.openMember("Member");
  await dialog.getByLabel("Mute for").selectOption({ label: "1 hour" });
  await dialog.getByRole("button", { name: "Mute", exact: true }).click();
  await expect(bView.composer()).toBeDisabled();
  await expect(bView.composer()).toHaveAttribute(
    "placeholder",
    /^You are muted until .+\. You can read but not send\.$/,
  );

  dialog = await panel.openMember("Member");
  await dialog.getByRole("button", { name: "Unmute" }).click();
  await expect(bView.composer()).toBeEnabled();

  dialog = await panel.openMember("Member");
  await dialog.getByRole("button", { name: "Make admin" }).click();
  await expect(new Sidebar(b).channels().getByRole("button", { name: "Create channel" })).toBeVisible();
  dialog = await panel.openMember("Member");
  await dialog.getByRole("button", { name: "Remove admin" }).click();
  await expect(new Sidebar(b).channels().getByRole("button", { name: "Create channel" })).toHaveCount(0);

  dialog = await panel.openMember("Member");
  await dialog.getByRole("button", { name: "Kick" }).click();
  await dialog.getByLabel(/Reason/).fill("testing kicks");
  await dialog.getByRole("button", { name: "Kick" }).click();
  await expect(toast(b, /^You were removed from /)).toBeVisible();
  await expect(b).toHaveURL(/\/$/);
  await expect(b.getByRole("heading", { name: "Welcome, Member!" })).toBeVisible();

  // back by a fresh link, then banned: the link no longer works for them
  const link = await new Sidebar(a).createInviteLink();
  await b.goto(link);
  await hydrated(b);
  await b.getByRole("button", { name: "Accept invite" }).click();
  await expect(b.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
  dialog = await panel.openMember("Member");
  await dialog.getByRole("button", { name: "Ban" }).click();
  await dialog.getByRole("button", { name: "Ban" }).click();
  await expect(toast(b, /^You were banned from /)).toBeVisible();
  await expect(b).toHaveURL(/\/$/);
  await b.goto(link);
  await hydrated(b);
  await b.getByRole("button", { name: "Accept invite" }).click();
  await expect(alerts(b)).toHaveText("You are banned from this community.");

  await new SettingsPage(a).open("Bans");
  await a.getByTestId("ban").filter({ hasText: "Member" }).getByRole("button", { name: "Unban" }).click();
  await expect(a.getByText("Nobody is banned.")).toBeVisible();
});

test("ownership transfer, then the new owner dismisses the community and everyone leaves it", async ({ browser }) => {
  const { a, b } = await twoMembers(browser);
  const name = (await new Sidebar(a).channels().getByRole("heading").first().textContent())!;
  const dialog = await new MemberPanel(a).openMember("Member");
  await dialog.getByRole("button", { name: "Transfer ownership" }).click();
  await dialog.getByRole("button", { name: "Transfer ownership" }).click();
  await expect(toast(a, "now owns the community")).toBeVisible();

  const settings = new SettingsPage(b);
  await settings.open("Overview");
  await b.getByRole("button", { name: "Delete community" }).click();
  const confirm = b.getByRole("dialog", { name: `Delete ${name}?` });
  await expect(confirm.getByRole("button", { name: "Delete community" })).toBeDisabled();
  await confirm.getByLabel("Type the community's name to confirm").fill(name);
  await confirm.getByRole("button", { name: "Delete community" }).click();
  await expect(b).toHaveURL(/\/$/);
  await expect(toast(a, `${name} was deleted by its owner.`)).toBeVisible();
  await expect(a).toHaveURL(/\/$/);
  await expect(a.getByRole("navigation", { name: "Communities" }).getByRole("link", { name })).toHaveCount(0);
});

test("several members kicked at once from settings; each one's tab leaves live", async ({ browser }) => {
  const { a, b } = await twoMembers(browser);
  const link = await new Sidebar(a).createInviteLink();
  const c = await newPage(browser);
  await new AuthPage(c).registerFresh(newUser("Cleo"));
  await c.goto(link);
  await hydrated(c);
  await c.getByRole("button", { name: "Accept invite" }).click();
  await expect(c.getByRole("heading", { level: 1, name: "general" })).toBeVisible();

  await new SettingsPage(a).open("Members");
  await expect(a.getByRole("checkbox", { name: "Select Owner" })).toBeDisabled(); // never oneself
  await a.getByRole("checkbox", { name: "Select Member" }).check();
  await a.getByRole("checkbox", { name: "Select Cleo" }).check();
  await a.getByRole("button", { name: "Kick selected" }).click();
  const dialog = a.getByRole("dialog", { name: "Kick 2 members?" });
  await dialog.getByLabel(/Reason/).fill("spring cleaning");
  await dialog.getByRole("button", { name: "Kick", exact: true }).click();
  await expect(toast(a, "Removed 2 members.")).toBeVisible();
  for (const page of [b, c]) {
    await expect(toast(page, /^You were removed from /)).toBeVisible();
    await expect(page).toHaveURL(/\/$/);
  }
  await expect(a.getByTestId("member")).toHaveCount(1);
});
