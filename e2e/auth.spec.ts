import { expect, test } from "./fixtures/test";
import { alerts, hydrated, newPage, newUser } from "./fixtures/users";
import { AuthPage } from "./pages/auth-page";

test("a signed-out visitor is sent to sign in and then back to the page they asked for", async ({ browser }) => {
  const user = newUser("Dana");
  const setup = await newPage(browser);
  await new AuthPage(setup).registerFresh(user);
  await setup.getByRole("button", { name: "Sign out" }).click();
  await expect(setup).toHaveURL(/\/login/);

  const page = await newPage(browser);
  await page.goto("/c/01NOSUCHCOMMUNITY000000000/01NOSUCHCHANNEL00000000000");
  await hydrated(page);
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fc%2F01NOSUCHCOMMUNITY/);
  await new AuthPage(page).signIn(user);
  await expect(page).toHaveURL(/\/c\/01NOSUCHCOMMUNITY000000000\/01NOSUCHCHANNEL00000000000$/);
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
});

test("sign-in and sign-up failures are explained on the form", async ({ browser }) => {
  const user = newUser("Erin");
  const page = await newPage(browser);
  await new AuthPage(page).registerFresh(user);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  const auth = new AuthPage(page);
  await auth.signIn({ username: user.username, password: "wrong-password-1" });
  await expect(alerts(page)).toHaveText("Wrong username or password.");

  await page.goto("/register");

  await hydrated(page);
  await auth.register({ ...user, password: "another-pass-2" });
  await expect(alerts(page)).toHaveText("This username is taken.");

  await auth.register({ ...newUser("Frank"), password: "password" });
  await expect(alerts(page)).toHaveText("Password is too weak: mix letters with digits or symbols.");

  await auth.register({ ...newUser("Gus"), password: "short1" });
  await expect(alerts(page)).toHaveText("Password must be at least 8 characters.");
});
