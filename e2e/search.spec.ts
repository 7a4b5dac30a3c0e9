import { expect, test } from "./fixtures/test";
import { twoMembers } from "./fixtures/community";
import { hydrated, unique } from "./fixtures/users";
import { SearchPanel } from "./pages/search-panel";
import { Sidebar } from "./pages/sidebar";

test("a member searches the community: readable channels only, and a result opens its channel at the message", async ({
  browser,
}) => {
  const { a, b, aUser, aView, bView } = await twoMembers(browser);
  const word = unique("roadmap"); // unique per run: the embedded database is shared by all tests
  const aSidebar = new Sidebar(a);

  // the owner writes in a public channel, deep enough in its history that the newest page does not hold it…
  await aSidebar.createChannel("planning");
  await aView.send(`the ${word} for the quarter is ready`);
  await aView.sendMany(Array.from({ length: 55 }, (_, i) => `filler ${i}`));
  // …and in a private channel the member cannot read
  await aSidebar.createPrivateChannel("staff");
  await aView.send(`${word} secrets for staff only`);
  await bView.send(`@${aUser.username} see #planning: what about the ${word}?`, `what about the ${word}?`);

  // the owner finds all three; the member only the two readable ones
  const aSearch = new SearchPanel(a);
  await aSearch.search(word.slice(0, -3)); // the last word counts as a prefix
  await expect(aSearch.results()).toHaveCount(3);

  const search = new SearchPanel(b);
  await search.search(word.slice(0, -2));
  await expect(search.panel().getByRole("heading", { name: "2 results" })).toBeVisible();
  await expect(search.results()).toHaveCount(2);
  await expect(search.result("secrets")).toHaveCount(0);
  const hit = search.result("for the quarter is ready");
  await expect(hit).toContainText("Owner");
  await expect(hit.locator("mark").first()).toHaveText(word); // the whole matching word is highlighted
  await expect(search.panel().getByText("planning", { exact: true })).toBeVisible(); // labeled by channel
  // mentions by display name, #channel as a link, as in the conversation
  const question = search.result("what about the");
  await expect(question.locator(".mention[data-mention]")).toHaveText("@Owner");
  await expect(question.getByRole("link", { name: "#planning" })).toBeVisible();
  const shot = await b.screenshot({ path: test.info().outputPath("search-panel.png") });
  await test.info().attach("search panel", { body: shot, contentType: "image/png" });

  // a filter that excludes it: the empty state
  await search.panel().getByLabel("In channel", { exact: true }).selectOption({ label: "#general" });
  await expect(search.panel().getByRole("heading", { name: "1 result" })).toBeVisible();
  await search.panel().getByLabel("Has", { exact: true }).selectOption({ label: "Image" });
  await expect(search.panel().getByText("No results", { exact: true }).last()).toBeVisible();
  await search.panel().getByLabel("Has", { exact: true }).selectOption({ label: "Anything" });
  await search.panel().getByLabel("In channel", { exact: true }).selectOption({ label: "All channels" });
  await expect(search.results()).toHaveCount(2);
  // from one author, picked by name
  await search.panel().getByRole("combobox", { name: "From" }).fill("own");
  await search.panel().getByRole("option", { name: /Owner/ }).click();
  await expect(search.panel().getByRole("heading", { name: "1 result" })).toBeVisible();
  await expect(search.results()).toContainText("for the quarter is ready");
  await search.panel().getByRole("button", { name: "Remove the filter from Owner" }).click();
  await expect(search.results()).toHaveCount(2);

  // opening the result: its channel, at the message, highlighted; the results stay open
  await search.result("for the quarter is ready").click();
  await expect(b.getByRole("heading", { level: 1, name: "planning" })).toBeVisible();
  await expect(b).toHaveURL(/\/c\/[^/]+\/[^/?]+\?m=/);
  const target = b.getByRole("article", { name: `Owner: the ${word} for the quarter is ready` });
  await expect(target).toBeVisible();
  await expect(target).toHaveAttribute("data-highlighted", "true");
  await expect(bView.message("filler 54")).toHaveCount(0); // history around it, not the newest page
  await expect(search.results()).toHaveCount(2);

  // Esc closes the panel; a deep link to a message one cannot read just opens the channel's newest page
  await b.keyboard.press("Escape");
  await expect(search.panel()).toBeHidden();
  const secretId = await aSearch.result("secrets").getAttribute("data-message-id");
  const url = new URL(b.url());
  await b.goto(`${url.pathname}?m=${secretId}`);
  await hydrated(b);
  await expect(b.getByRole("heading", { level: 1, name: "planning" })).toBeVisible();
  await expect(bView.messages().first()).toBeVisible();
  await expect(bView.message("secrets for staff only")).toHaveCount(0);
  await expect(b.locator("[data-highlighted]")).toHaveCount(0);
});
