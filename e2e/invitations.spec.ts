import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { newPage, newUser, unique, type TestUser } from "./fixtures/users";
import { AuthPage } from "./pages/auth-page";
import { MemberPanel, SettingsPage } from "./pages/settings";
import { Sidebar } from "./pages/sidebar";
import { signInAsOperator } from "./fixtures/operator";

const toast = (page: Page, text: string | RegExp) => page.locator("[data-sonner-toast]").filter({ hasText: text });

/** A fresh user with a fresh community of their own, on its #general. */
async function ownerWithCommunity(browser: Browser) {
  const page = await newPage(browser);
  const user = newUser("Inviter");
  await new AuthPage(page).registerFresh(user);
  const name = unique("Invited ");
  await new Sidebar(page).createCommunity(name);
  return { page, user, name };
}

async function freshUser(browser: Browser, displayName: string): Promise<{ page: Page; user: TestUser }> {
  const page = await newPage(browser);
  const user = newUser(displayName);
  await new AuthPage(page).registerFresh(user);
  return { page, user };
}

/** Community settings → Members → invite one username; the row of its result. */
async function inviteByUsername(page: Page, username: string) {
  await new SettingsPage(page).open("Members");
  await page.getByLabel("Usernames (separated by spaces or commas, up to 100)").fill(username);
  await page.getByRole("button", { name: "Invite user" }).click();
  return page
    .getByRole("list", { name: "Invited" })
    .getByTestId("invite-result")
    .filter({ hasText: `@${username}` });
}

test("an invitation by username asks first: live notice, listed with a badge, accepted into the community", async ({
  browser,
}) => {
  const { page: a, name } = await ownerWithCommunity(browser);
  const { page: b, user: bUser } = await freshUser(browser, "Guest");
  const rail = new Sidebar(b).rail();
  await expect(rail.getByRole("link", { name: "Invitations", exact: true })).toBeVisible();

  const result = await inviteByUsername(a, bUser.username);
  await expect(result).toContainText("Invited");
  // asked, not added: B is not in the member list
  await expect(new MemberPanel(a).member("Guest")).toHaveCount(0);

  // B, on the welcome page, hears of it live
  await expect(toast(b, `Inviter invited you to ${name}`)).toBeVisible();
  await expect(rail.getByRole("link", { name: "Invitations, 1 pending" })).toBeVisible();
  await expect(rail.getByRole("link", { name, exact: true })).toHaveCount(0);

  await rail.getByRole("link", { name: "Invitations, 1 pending" }).click();
  await expect(b).toHaveURL(/\/invitations$/);
  await expect(b.getByRole("heading", { level: 1, name: "Invitations" })).toBeVisible();
  const card = b.getByTestId("invitation").filter({ hasText: name });
  await expect(card).toContainText("Inviter");
  await card.getByRole("button", { name: `Accept the invitation to ${name}` }).click();

  // B lands in the community; the rail has it and no pending invitation
  await expect(b.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
  await expect(b).toHaveURL(/\/c\/[^/]+\/[^/]+$/);
  await expect(rail.getByRole("link", { name, exact: true })).toBeVisible();
  await expect(rail.getByRole("link", { name: "Invitations", exact: true })).toBeVisible();
  // and A sees B arrive
  await expect(new MemberPanel(a).member("Guest")).toHaveCount(1);
});

test("declining an invitation removes it and nobody joins", async ({ browser }) => {
  const { page: a, name } = await ownerWithCommunity(browser);
  const { page: c, user: cUser } = await freshUser(browser, "Shy");

  await expect(await inviteByUsername(a, cUser.username)).toContainText("Invited");
  const notice = toast(c, `Inviter invited you to ${name}`);
  await expect(notice).toBeVisible();
  // the toast leads to the list
  await notice.getByRole("button", { name: "View" }).click();
  await expect(c).toHaveURL(/\/invitations$/);

  const card = c.getByTestId("invitation").filter({ hasText: name });
  await card.getByRole("button", { name: `Decline the invitation to ${name}` }).click();
  await expect(toast(c, `Invitation to ${name} declined.`)).toBeVisible();
  await expect(c.getByTestId("invitation")).toHaveCount(0);
  await expect(c.getByText("No pending invitations")).toBeVisible();
  const rail = new Sidebar(c).rail();
  await expect(rail.getByRole("link", { name: "Invitations", exact: true })).toBeVisible();
  await expect(rail.getByRole("link", { name, exact: true })).toHaveCount(0);
  // stored, not just hidden: after a reload it is still gone
  await c.reload();
  await expect(c.getByText("No pending invitations")).toBeVisible();
  await expect(new MemberPanel(a).member("Shy")).toHaveCount(0);
});

async function setDirectAdd(page: Page, on: boolean) {
  await page.goto("/admin");
  const box = page.getByLabel("Direct add by username");
  await expect(box).toBeVisible();
  if ((await box.isChecked()) === on) return;
  await box.setChecked(on);
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByText("Plan saved. It applies at once.")).toBeVisible();
}

test("with the administrator's direct add on, an invitation by username adds the user at once", async ({ browser }) => {
  const admin = await newPage(browser);
  await signInAsOperator(admin);
  await admin.goto("/admin");
  await expect(admin.getByText("Invitations by username add people at once, without asking them.")).toBeVisible();
  try {
    await setDirectAdd(admin, true);
    await expect(admin.getByRole("list", { name: "Plan changes" }).getByRole("listitem").first()).toContainText(
      "Direct add by username: off → on",
    );

    const { page: a, name } = await ownerWithCommunity(browser);
    const { page: d, user: dUser } = await freshUser(browser, "Added");
    await expect(await inviteByUsername(a, dUser.username)).toContainText("Added");
    await expect(new Sidebar(d).rail().getByRole("link", { name, exact: true })).toBeVisible();
    await expect(new MemberPanel(a).member("Added")).toHaveCount(1);
  } finally {
    await setDirectAdd(admin, false);
  }
});
