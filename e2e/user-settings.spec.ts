import type { Page } from "@playwright/test";
import sharp from "sharp";
import { expect, test } from "./fixtures/test";
import { twoMembers } from "./fixtures/community";
import { signInAsOperator } from "./fixtures/operator";
import { alerts, hydrated, newPage, newUser, type TestUser } from "./fixtures/users";
import { AuthPage } from "./pages/auth-page";

const screens = [
  { name: "desktop", viewport: { width: 1440, height: 900 }, hasTouch: false },
  { name: "phone", viewport: { width: 390, height: 844 }, hasTouch: true },
] as const;

async function openSettings(page: Page, tab = "") {
  await page.goto(`/settings${tab}`);
  await hydrated(page);
}

async function changePassword(page: Page, current: string, next: string) {
  await page.getByLabel("Current password").fill(current);
  await page.getByLabel("New password", { exact: true }).fill(next);
  await page.getByLabel("Confirm new password").fill(next);
  await page.getByRole("button", { name: "Change password" }).click();
}

test("a password change signs the other browser out at once; this one stays signed in", async ({ browser }) => {
  const user = newUser("Pat");
  const laptop = await newPage(browser);
  await new AuthPage(laptop).registerFresh(user);
  const phone = await newPage(browser, { viewport: { width: 390, height: 844 }, hasTouch: true });
  await phone.goto("/login");
  await new AuthPage(phone).signIn(user);
  await expect(phone.getByRole("heading", { name: `Welcome, ${user.displayName}!` })).toBeVisible();
  await hydrated(phone);

  await openSettings(laptop, "/account");
  const sessions = laptop.getByRole("list", { name: "Signed-in browsers" }).getByRole("listitem");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: "This browser" })).toHaveCount(1);

  // the wrong current password changes nothing
  await changePassword(laptop, "not-my-password-1", "a-new-secret-77");
  await expect(laptop.getByText("Your current password is wrong.")).toBeVisible();
  await expect(phone.getByRole("status").filter({ hasText: "You were signed out." })).toHaveCount(0);

  await changePassword(laptop, user.password, "a-new-secret-77");
  await expect(laptop.getByText("Password changed. 1 other session was signed out.")).toBeVisible();
  await expect(phone.getByRole("status")).toContainText("You were signed out.");
  await expect(sessions).toHaveCount(1);

  await laptop.reload();
  await expect(laptop.getByRole("heading", { name: "Username" })).toBeVisible(); // still signed in
  await phone.goto("/");
  await expect(phone).toHaveURL(/\/login/);
  await new AuthPage(phone).signIn({ username: user.username, password: user.password });
  await expect(alerts(phone)).toHaveText("Wrong username or password.");
  await new AuthPage(phone).signIn({ username: user.username, password: "a-new-secret-77" });
  await expect(phone.getByRole("heading", { name: `Welcome, ${user.displayName}!` })).toBeVisible();
});

for (const screen of screens) {
  test(`profile: name, pronouns, about me and avatar; a file that is not an image is refused (${screen.name})`, async ({
    browser,
  }) => {
    const { a, b, aUser, aView } = await twoMembers(browser, undefined, { hasTouch: screen.hasTouch });
    await aView.send("hello from before");
    await a.setViewportSize(screen.viewport);
    await openSettings(a);
    await a.getByLabel("Display name").fill("Renamed Owner");
    await a.getByLabel("Pronouns").fill("they/them");
    await a.getByLabel("About me").fill("I like **boats** <img src=x onerror=alert(1)>");
    await a.getByRole("button", { name: "Save profile" }).click();
    await expect(a.getByText("Profile saved")).toBeVisible();

    const upload = a.getByLabel("Avatar image");
    await upload.setInputFiles({
      name: "evil.png",
      mimeType: "image/png",
      buffer: Buffer.from("<svg onload=alert(1)>"),
    });
    await expect(
      a.getByText("That file is not an image we can use (PNG, JPEG, WebP, GIF or AVIF).").first(),
    ).toBeVisible();
    const picture = await sharp({ create: { width: 600, height: 400, channels: 3, background: "#248046" } })
      .png()
      .toBuffer();
    await upload.setInputFiles({ name: "me.png", mimeType: "image/png", buffer: picture });
    await expect(a.getByText("Avatar updated")).toBeVisible();
    await expect(a.getByRole("button", { name: "Remove avatar" })).toBeVisible();
    await test.info().attach(`profile-${screen.name}`, { body: await a.screenshot(), contentType: "image/png" });

    for (const tab of ["/account", "/privacy", "/notifications", "/appearance"]) {
      await openSettings(a, tab);
      await test.info().attach(`settings${tab.replace("/", "-")}-${screen.name}`, {
        body: await a.screenshot({ fullPage: true }),
        contentType: "image/png",
      });
    }

    // the other member, who kept the channel open, sees the new name and picture at once: on the
    // message already shown and in the member list
    const before = b.getByRole("article", { name: /hello from before$/ });
    await expect(before).toContainText("Renamed Owner");
    await expect(before.locator("img")).toHaveAttribute("src", /^\/api\/files\/avatars\/users\//);
    const listed = b.getByTestId("member").filter({ hasText: "Renamed Owner" });
    await expect(listed.locator("img")).toHaveAttribute("src", /^\/api\/files\/avatars\/users\//);
    await a.goBack();
    await a.goto(b.url());
    await hydrated(a);
    if (screen.hasTouch) await a.getByRole("button", { name: "Open navigation" }).tap();
    const footer = a.locator("footer").filter({ hasText: `@${aUser.username}` });
    await expect(footer).toContainText("Renamed Owner");
    await expect(footer.locator("img")).toHaveAttribute("src", /^\/api\/files\/avatars\/users\//);
  });
}

test("privacy: who may message me is kept; blocked people are listed and can be unblocked", async ({ browser }) => {
  const { b, aUser } = await twoMembers(browser);
  // B blocks A from the member dialog, then unblocks in settings
  await b.getByTestId("member").filter({ hasText: aUser.displayName }).first().click();
  await b.getByRole("dialog").getByRole("button", { name: "Block" }).click();
  await openSettings(b, "/privacy");
  const blocked = b.getByRole("list", { name: "Blocked users" });
  await expect(blocked.getByRole("listitem")).toHaveCount(1);
  await expect(blocked).toContainText(`@${aUser.username}`);
  await b.getByRole("radio", { name: /Nobody/ }).check();
  await expect(b.getByText("Saved", { exact: true })).toBeVisible();
  await b.getByRole("button", { name: `Unblock ${aUser.displayName}` }).click();
  await expect(b.getByText("You have not blocked anyone.")).toBeVisible();
  await b.reload();
  await expect(b.getByRole("radio", { name: /Nobody/ })).toBeChecked();
});

test("deleting an account: refused for an owner; a member's messages stay as Deleted user", async ({ browser }) => {
  const { a, b, bUser, aView, bView } = await twoMembers(browser);
  await bView.send("a message that stays");
  await aView.expectMessage("a message that stays");

  await openSettings(a, "/account");
  await a.getByRole("button", { name: "Delete account" }).click();
  const ownerDialog = a.getByRole("dialog", { name: "Delete your account?" });
  await ownerDialog.getByLabel("Your password").fill("not-my-password-1");
  await ownerDialog.getByRole("button", { name: "Delete account" }).click();
  await expect(ownerDialog.getByText("Your password is wrong.")).toBeVisible();

  await openSettings(b, "/account");
  await b.getByRole("button", { name: "Delete account" }).click();
  const dialog = b.getByRole("dialog", { name: "Delete your account?" });
  await dialog.getByLabel("Your password").fill(bUser.password);
  await dialog.getByRole("button", { name: "Delete account" }).click();
  await expect(b).toHaveURL(/\/login/);

  await a.goBack();
  await a.reload();
  const kept = a.getByRole("article", { name: /a message that stays$/ });
  await expect(kept).toContainText("Deleted user");
  await expect(kept).not.toContainText(bUser.displayName);
  await new AuthPage(b).signIn(bUser);
  await expect(alerts(b)).toHaveText("Wrong username or password.");
});

test("the owner of a community is told to transfer it first", async ({ browser }) => {
  const { a, aUser } = await twoMembers(browser);
  await openSettings(a, "/account");
  await a.getByRole("button", { name: "Delete account" }).click();
  const dialog = a.getByRole("dialog", { name: "Delete your account?" });
  await dialog.getByLabel("Your password").fill(aUser.password);
  await dialog.getByRole("button", { name: "Delete account" }).click();
  await expect(dialog.getByText("You own a community: transfer ownership or delete it first.")).toBeVisible();
});

async function userRow(admin: Page, user: TestUser) {
  await admin.goto(`/admin/users?q=${user.username}`);
  await hydrated(admin);
  const row = admin.getByRole("row").filter({ hasText: `@${user.username}` });
  await expect(row).toHaveCount(1);
  return row;
}

test("an administrator's reset link sets a new password once and signs the user out; disabling locks them out", async ({
  browser,
}) => {
  const user = newUser("Forgetful");
  const page = await newPage(browser);
  await new AuthPage(page).registerFresh(user);
  const admin = await newPage(browser);
  await signInAsOperator(admin);

  const row = await userRow(admin, user);
  await row.getByRole("button", { name: `Reset link for @${user.username}` }).click();
  const link = await admin.getByRole("textbox", { name: "Reset link" }).inputValue();
  expect(link).toMatch(/\/reset\/[A-Za-z0-9_-]{32}$/);
  await test.info().attach("admin-users", { body: await admin.screenshot(), contentType: "image/png" });

  const visitor = await newPage(browser);
  await visitor.goto(link);
  await hydrated(visitor);
  await expect(visitor.getByText(`For @${user.username}`)).toBeVisible();
  await visitor.getByLabel("New password", { exact: true }).fill("fresh-start-2027");
  await visitor.getByLabel("Confirm new password").fill("fresh-start-2027");
  await visitor.getByRole("button", { name: "Set password" }).click();
  await expect(visitor.getByRole("heading", { name: "Password set" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("You were signed out.");

  // the link works once
  await visitor.goto(link);
  await expect(visitor.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
  await page.goto("/login");
  await new AuthPage(page).signIn({ username: user.username, password: "fresh-start-2027" });
  await expect(page.getByRole("heading", { name: `Welcome, ${user.displayName}!` })).toBeVisible();
  await hydrated(page);

  // disabled: signed out at once, and sign-in says why
  const again = await userRow(admin, user);
  await again.getByRole("button", { name: `Disable @${user.username}` }).click();
  await expect(again).toContainText("Disabled");
  await expect(page.getByRole("status")).toContainText("You were signed out.");
  await page.goto("/login");
  await new AuthPage(page).signIn({ username: user.username, password: "fresh-start-2027" });
  await expect(alerts(page)).toHaveText("This account is disabled. Ask the administrator of this site.");

  await again.getByRole("button", { name: `Enable @${user.username}` }).click();
  await expect(again).not.toContainText("Disabled");
  await new AuthPage(page).signIn({ username: user.username, password: "fresh-start-2027" });
  await expect(page.getByRole("heading", { name: `Welcome, ${user.displayName}!` })).toBeVisible();
});

test("appearance: the theme chosen in settings holds after a reload", async ({ browser }) => {
  const page = await newPage(browser);
  await new AuthPage(page).registerFresh(newUser("Lumen"));
  await openSettings(page, "/appearance");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.getByRole("radio", { name: /Light/ }).check();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  await expect(page.getByRole("radio", { name: /Light/ })).toBeChecked();
});
