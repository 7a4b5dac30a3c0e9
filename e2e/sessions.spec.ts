import { expect, test } from "./fixtures/test";
import { alerts, hydrated, newPage, newUser } from "./fixtures/users";
import { AuthPage } from "./pages/auth-page";

test("signing out ends the session on the server: a copied cookie stops working and the other tab is told", async ({
  browser,
}) => {
  const user = newUser("Sid");
  const page = await newPage(browser);
  await new AuthPage(page).registerFresh(user);
  const [cookie] = (await page.context().cookies()).filter((c) => c.name === "next-auth.session-token");
  expect(cookie).toBeTruthy();

  // a second tab of the same browser, and a second device signed in as the same user
  const otherTab = await page.context().newPage();
  await otherTab.goto("/");
  await hydrated(otherTab);
  const otherDevice = await newPage(browser);
  await otherDevice.goto("/login");
  await new AuthPage(otherDevice).signIn(user);
  await expect(otherDevice.getByRole("heading", { name: `Welcome, ${user.displayName}!` })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(otherTab.getByRole("status")).toContainText("You were signed out.");

  // the cookie as it was before signing out, replayed elsewhere
  const thief = await browser.newContext();
  await thief.addCookies([cookie]);
  const session = await thief.request.get("/api/auth/session");
  expect(await session.json()).toEqual({});
  const stolen = await thief.newPage();
  await stolen.goto("/");
  await expect(stolen).toHaveURL(/\/login/);
  await thief.close();

  // the other device's session was not touched
  await otherDevice.reload();
  await expect(otherDevice.getByRole("heading", { name: `Welcome, ${user.displayName}!` })).toBeVisible();
});

test("guessing a password is slowed down, with the same words whether or not the account exists", async ({
  browser,
}) => {
  const user = newUser("Tess");
  const page = await newPage(browser);
  await new AuthPage(page).registerFresh(user);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  const auth = new AuthPage(page);
  for (const username of [user.username, `nobody${user.username}`.slice(0, 32)]) {
    for (let attempt = 0; attempt < 5; attempt++) {
      await auth.signIn({ username, password: "wrong-password-1" });
      await expect(alerts(page)).toHaveText("Wrong username or password.");
    }
    await auth.signIn({ username, password: user.password });
    await expect(alerts(page)).toHaveText(/^Too many sign-in attempts\. Try again in \d+ seconds?\.$/);
  }
});
