import { expect, type Page } from "@playwright/test";
import { hydrated } from "../fixtures/users";

/** Community settings pages. */
export class SettingsPage {
  constructor(readonly page: Page) {}

  async open(
    tab: "Overview" | "Members" | "Invites" | "Join requests" | "Bans" | "Bots" | "Events" | "Audit log" = "Overview",
  ) {
    await hydrated(this.page);
    if (!/\/settings/.test(this.page.url())) await this.page.getByRole("link", { name: "Community settings" }).click();
    await this.page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: tab, exact: true }).click();
    await expect(
      this.page.getByRole("heading", {
        level: 2,
        name: tab === "Members" ? "Members" : tab === "Invites" ? "Invite links" : tab,
      }),
    ).toBeVisible();
  }

  async setJoinMode(mode: "Open" | "Approval" | "Invite only") {
    await this.open("Overview");
    const radio = this.page.getByRole("radio", { name: new RegExp(`^${mode}`) });
    await radio.check();
    await this.page.getByRole("button", { name: "Save changes" }).click();
    await expect(this.page.getByRole("button", { name: "Save changes" })).toBeEnabled();
    // stored, not just shown: the page as the server renders it now
    await expect(async () => {
      await this.page.reload();
      await expect(radio).toBeChecked({ timeout: 1000 });
    }).toPass({ timeout: 15_000 });
  }
}

/** The member list beside the channel view, and a member's dialog. */
export class MemberPanel {
  constructor(readonly page: Page) {}

  member(name: string) {
    return this.page.getByTestId("member").filter({ hasText: name });
  }

  async openMember(name: string) {
    await hydrated(this.page);
    await this.member(name).first().click();
    const dialog = this.page.getByRole("dialog", { name });
    await expect(dialog).toBeVisible();
    return dialog;
  }
}
