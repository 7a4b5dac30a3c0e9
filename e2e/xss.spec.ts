import { expect, test } from "./fixtures/test";
import { type Locator, type Page } from "@playwright/test";
import { twoMembers } from "./fixtures/community";
import { hydrated, unique } from "./fixtures/users";
import { xssCorpus } from "./fixtures/xss-corpus";
import type { ChannelView } from "./pages/channel-view";
import { Sidebar } from "./pages/sidebar";

/** What a payload would leave behind if it became markup (the app's own elements match none of it). */
const INJECTED = [
  "script",
  'img[src="x"]',
  "iframe",
  "object",
  "embed",
  "svg[onload]",
  "math",
  "form",
  "details",
  "style",
  "[srcdoc]",
  "[onerror]",
  "[onload]",
  "[onclick]",
  "[onfocus]",
  "[ontoggle]",
  "[onmouseover]",
].join(", ");

/** Collects every alert/confirm/prompt a page opens: an XSS that ran. */
function watchDialogs(...pages: Page[]) {
  const opened: string[] = [];
  for (const page of pages) {
    page.on("dialog", (dialog) => {
      opened.push(dialog.message());
      void dialog.dismiss();
    });
  }
  return opened;
}

async function expectInert(scopes: Locator[]) {
  for (const scope of scopes) await expect(scope.locator(INJECTED)).toHaveCount(0);
}

/** Sends text whose rendering differs from what was typed; `marker` (its first line) finds it. */
async function sendRaw(view: ChannelView, marker: string, body: string) {
  await view.composer().fill(`${marker}\n\n${body}`);
  await view.composer().press("Enter");
  await expect(view.message(marker)).toHaveAttribute("data-status", "sent");
}

async function expectMessagesInert(view: ChannelView) {
  for (const { shows } of xssCorpus) await expect(view.message(shows).first()).toBeVisible();
  await expectInert([view.messages(), view.page.locator("main > header")]);
  const hrefs = await view
    .messages()
    .locator("a")
    .evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
  expect(hrefs.length).toBeGreaterThan(0); // the one safe link of the corpus
  for (const href of hrefs) expect(href).toMatch(/^(https?:\/\/|mailto:)/);
}

test("the XSS corpus sent as messages is inert text for the sender and the reader, live and after a reload", async ({
  browser,
}) => {
  const { a, b, aView, bView } = await twoMembers(browser);
  const dialogs = watchDialogs(a, b);
  const batch = unique("xss batch ");
  // a few messages of several payloads each; blank lines keep each payload its own markdown block
  const chunks = [0, 1, 2].map((i) => xssCorpus.filter((_, index) => index % 3 === i));
  for (const [i, chunk] of chunks.entries())
    await sendRaw(aView, `${batch} ${i}`, chunk.map((p) => p.input).join("\n\n"));

  for (const view of [aView, bView]) await expectMessagesInert(view);
  await b.reload();
  await hydrated(b);
  await expectMessagesInert(bView);
  // hovering the one real link must not run its title trick
  await bView.messages().locator("a").first().hover();
  expect(dialogs).toEqual([]);
});

/** Channel names read like Discord's; the payloads are typed as they are. */
const asChannelName = (input: string) => input.trim().toLowerCase().replace(/\s+/g, "-").replace(/-+/g, "-");

test("XSS payloads as channel names and topics are refused or shown as text, in both browsers", async ({ browser }) => {
  const { a, b } = await twoMembers(browser);
  const dialogs = watchDialogs(a, b);
  const aSidebar = new Sidebar(a);
  const bSidebar = new Sidebar(b);
  // a name is plain text (no markdown), so the HTML-shaped payloads are the ones worth a channel each;
  // the topics carry the whole corpus between them
  const names = ["<script>", "<img ", "<svg onload", "<iframe src=", "<a href", "<style>", "<math>", '"><img'].map(
    (start) => xssCorpus.find((p) => p.input.startsWith(start))!.input,
  );
  const topics = names.map((_, i) =>
    xssCorpus
      .filter((__, index) => index % names.length === i)
      .map((p) => p.input)
      .join(" "),
  );
  const created: string[] = [];

  for (const [i, name] of names.entries()) {
    await aSidebar.channels().getByRole("button", { name: "Create channel" }).click();
    const dialog = a.getByRole("dialog", { name: "Create channel" });
    await dialog.getByLabel("Channel name").fill(name);
    await dialog.getByLabel("Topic (optional)").fill(topics[i]);
    await dialog.getByRole("button", { name: "Create channel" }).click();
    const heading = a.getByRole("heading", { level: 1, name: asChannelName(name), exact: true });
    const refused = dialog.getByRole("alert").first();
    await expect(heading.or(refused)).toBeVisible();
    if (await refused.isVisible()) {
      await expect(refused).not.toBeEmpty();
      await a.keyboard.press("Escape");
      continue;
    }
    created.push(asChannelName(name));
    await expect(a.locator("main > header")).toContainText(topics[i].replace(/\s+/g, " "));
    await expectInert([a.locator("main > header"), aSidebar.channels()]);
  }
  expect(created.length).toBeGreaterThan(0);

  // a topic changed through the settings dialog
  const last = created.at(-1)!;
  await aSidebar
    .channels()
    .getByRole("button", { name: `Edit ${last}`, exact: true })
    .click({ force: true });
  const settings = a.getByRole("dialog", { name: `#${last}` });
  const newTopic = xssCorpus
    .slice(0, 6)
    .map((p) => p.input)
    .join(" ");
  await settings.getByLabel("Topic").fill(newTopic);
  await settings.getByRole("button", { name: "Save", exact: true }).click();
  await expect(a.locator("main > header")).toContainText(newTopic.replace(/\s+/g, " "));

  // the reader: every name in the sidebar as text, a payload channel's header as text
  await b.reload();
  await hydrated(b);
  await expect(bSidebar.channelLinks()).toHaveText(["general", ...created]);
  await bSidebar.channelLinks().filter({ hasText: last }).click();
  await expect(b.locator("main > header")).toContainText(newTopic.replace(/\s+/g, " "));
  await expectInert([b.locator("main > header"), bSidebar.channels()]);
  await expectInert([a.locator("main > header"), aSidebar.channels()]);
  expect(dialogs).toEqual([]);
});
