import { expect, type Page } from "@playwright/test";
import { hydrated } from "../fixtures/users";

/** The channel pane: history and composer. */
export class ChannelView {
  constructor(readonly page: Page) {}

  composer() {
    return this.page.getByRole("textbox", { name: /^Message [#@]?/ });
  }

  messages() {
    return this.page.getByTestId("message");
  }

  message(text: string | RegExp) {
    return this.messages().filter({ hasText: text });
  }

  /** Sends `text`; `shown` is how it reads once rendered, if not the same (mentions show display names). */
  async send(text: string, shown: string | RegExp = text) {
    await hydrated(this.page);
    await this.composer().fill(text);
    await this.composer().press("Enter");
    await expect(this.message(shown).last()).toHaveAttribute("data-status", "sent");
    // one's own message lands wholly on screen (toBeVisible would pass below the fold)
    await expect(this.message(shown).last()).toBeInViewport({ ratio: 1 });
  }

  /** Sends quickly without waiting for each ack, then waits for the last one. */
  async sendMany(texts: string[]) {
    await hydrated(this.page);
    for (const text of texts) {
      await this.composer().fill(text);
      await this.composer().press("Enter");
    }
    await expect(this.message(texts.at(-1)!).last()).toHaveAttribute("data-status", "sent");
  }

  /** A new message arrived once and is wholly on screen. */
  async expectMessage(text: string | RegExp) {
    await expect(this.message(text)).toHaveCount(1);
    await expect(this.message(text)).toBeInViewport({ ratio: 1 });
  }
}
