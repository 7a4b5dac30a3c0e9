import { expect, type Page } from "@playwright/test";
import { hydrated, type TestUser } from "../fixtures/users";

export class AuthPage {
  constructor(readonly page: Page) {}

  async register(user: TestUser) {
    await hydrated(this.page);
    await this.page.getByLabel("Username").fill(user.username);
    await this.page.getByLabel("Display name").fill(user.displayName);
    await this.page.getByLabel("Password").fill(user.password);
    await this.page.getByRole("button", { name: "Continue" }).click();
  }

  async signIn(user: Pick<TestUser, "username" | "password">) {
    await hydrated(this.page);
    await this.page.getByLabel("Username").fill(user.username);
    await this.page.getByLabel("Password").fill(user.password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  async registerFresh(user: TestUser) {
    await this.page.goto("/register");
    await this.register(user);
    await expect(this.page.getByRole("heading", { name: `Welcome, ${user.displayName}!` })).toBeVisible();
    await hydrated(this.page);
  }
}
