import { expect, type Page } from "@playwright/test";
import { hydrated } from "../fixtures/users";

/** The header's search box and the results panel it opens. */
export class SearchPanel {
  constructor(readonly page: Page) {}

  box() {
    return this.page.getByRole("textbox", { name: "Search messages" });
  }

  panel() {
    return this.page.getByRole("complementary", { name: "Search results" });
  }

  results() {
    return this.panel().getByTestId("search-result");
  }

  result(text: string | RegExp) {
    return this.results().filter({ hasText: text });
  }

  async search(words: string) {
    await hydrated(this.page);
    await this.box().fill(words);
    await this.box().press("Enter");
    await expect(this.panel()).toBeVisible();
    // "N results" or "No results" once the page arrived ("Searching…" before)
    await expect(this.panel().getByRole("heading", { name: /results?$/ })).toBeVisible();
  }
}
