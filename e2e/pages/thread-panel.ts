import { expect, type Page } from "@playwright/test";

/** The thread beside a channel: its header, replies and composer. */
export class ThreadPanel {
  constructor(readonly page: Page) {}

  panel() {
    return this.page.getByTestId("thread-panel");
  }

  title() {
    return this.panel().getByTestId("thread-title");
  }

  composer() {
    return this.panel().getByRole("textbox", { name: "Reply in thread" });
  }

  message(text: string | RegExp) {
    return this.panel().getByTestId("message").filter({ hasText: text });
  }

  /** Replies `text`; `shown` is how it reads once rendered, if not the same (mentions show display names). */
  async reply(text: string, shown: string | RegExp = text) {
    await this.composer().fill(text);
    await this.composer().press("Enter");
    await expect(this.message(shown).last()).toHaveAttribute("data-status", "sent");
    await expect(this.message(shown).last()).toBeInViewport({ ratio: 1 });
  }

  /** An item of the thread's options menu (rename, resolve, archive, lock…). */
  async choose(item: string | RegExp) {
    await this.panel().getByRole("button", { name: "Thread options" }).click();
    await this.page.getByRole("menuitem", { name: item }).click();
  }

  async close() {
    await this.panel().getByRole("button", { name: "Close thread" }).click();
    await expect(this.panel()).toHaveCount(0);
  }
}
