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
    await expect(this.page.getByRole("heading", { level: 1, name: name.trim().toLowerCase().replace(/\s+/g, "-") })).toBeVisible();
  }

  async openChannel(name: string) {
    await hydrated(this.page);
    await this.channelLinks().filter({ hasText: new RegExp(`^${name}$`) }).click();
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
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
