import { expect, type Page } from "@playwright/test";
import { hydrated } from "../fixtures/users";

/** The community rail and the channel list. */
export class Sidebar {
  constructor(readonly page: Page) {}

  rail() {
    return this.page.getByRole("navigation", { name: "Communities" });
  }

  channels() {
    return this.page.getByRole("complementary", { name: "Channels" });
  }

  /** The channel links, in sidebar order. */
  channelLinks() {
    return this.channels().getByRole("list", { name: "Text channels" }).getByRole("link");
  }

  async createCommunity(name: string) {
    await hydrated(this.page);
    await this.rail().getByRole("button", { name: "Create a community" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Create a community" });
    await dialog.getByLabel("Community name").fill(name);
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(this.channels().getByRole("heading", { name })).toBeVisible();
  }

  async createChannel(name: string) {
    await hydrated(this.page);
    await this.channels().getByRole("button", { name: "Create channel" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Create channel" });
    await dialog.getByLabel("Channel name").fill(name);
    await dialog.getByRole("button", { name: "Create channel" }).click();
    // names read like Discord's: lower-case, words joined by dashes
    await expect(
      this.page.getByRole("heading", { level: 1, name: name.trim().toLowerCase().replace(/\s+/g, "-") }),
    ).toBeVisible();
  }

  /** A private channel with no seats yet (owner and admins read it anyway). */
  async createPrivateChannel(name: string) {
    await hydrated(this.page);
    await this.channels().getByRole("button", { name: "Create channel" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Create channel" });
    await dialog.getByRole("radio", { name: /Private/ }).check();
    await dialog.getByLabel("Channel name").fill(name);
    await dialog.getByRole("button", { name: "Create channel" }).click();
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
  }

  async openChannel(name: string) {
    await hydrated(this.page);
    // on a phone the channel list sits behind the navigation button
    const openNavigation = this.page.getByRole("button", { name: "Open navigation" });
    if (await openNavigation.isVisible()) await openNavigation.click();
    await this.channelLinks()
      .filter({ hasText: new RegExp(`^${name}$`) })
      .click();
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
  }

  /** The channel links under one category, in order. */
  categoryLinks(category: string) {
    return this.channels().getByRole("list", { name: category, exact: true }).getByRole("link");
  }

  async createCategory(name: string) {
    await hydrated(this.page);
    await this.channels().getByRole("button", { name: "Create category" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Create category" });
    await dialog.getByLabel("Category name").fill(name);
    await dialog.getByRole("button", { name: "Create category" }).click();
    await expect(this.channels().getByRole("button", { name: `${name} category options` })).toBeVisible();
  }

  /** Opens a category's menu (owner and admins) and picks an item. */
  async categoryAction(category: string, item: "Rename category" | "Delete category") {
    await hydrated(this.page);
    await this.channels()
      .getByRole("button", { name: `${category} category options` })
      .click();
    await this.channels()
      .getByRole("menu", { name: `${category} category` })
      .getByRole("menuitem", { name: item })
      .click();
  }

  /** Opens a channel's settings (owner and admins; the button shows on hover). */
  async editChannel(name: string) {
    await hydrated(this.page);
    await this.channels()
      .getByRole("button", { name: `Edit ${name}` })
      .click({ force: true });
    const dialog = this.page.getByRole("dialog", { name: `#${name}` });
    await expect(dialog).toBeVisible();
    return dialog;
  }

  async createInviteLink(): Promise<string> {
    await hydrated(this.page);
    await this.channels().getByRole("button", { name: "Invite people" }).click();
    const dialog = this.page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Generate invite link" }).click();
    const link = await dialog.getByLabel("Invite link").inputValue();
    await this.page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    return link;
  }
}
