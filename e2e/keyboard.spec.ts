import { expect, test } from "./fixtures/test";
import { twoMembers } from "./fixtures/community";
import { hydrated, unique } from "./fixtures/users";
import { Sidebar } from "./pages/sidebar";

// Everything below is done with the keyboard only (no clicks after the setup).

test("keyboard only: skip link, arrows through messages, reply and edit the last message with ↑", async ({
  browser,
}) => {
  const { a, aView, bView } = await twoMembers(browser);
  await bView.send("first from the member");
  await aView.sendMany(["one from the owner", "two from the owner"]);
  await bView.send("last from the member");
  await aView.expectMessage("last from the member");
  await a.reload();
  await hydrated(a);
  await expect(aView.message("last from the member")).toBeInViewport();

  // the first Tab reaches "Skip to messages": Enter lands on the newest message
  await a.keyboard.press("Tab");
  await expect(a.getByRole("link", { name: "Skip to messages" })).toBeFocused();
  await a.keyboard.press("Enter");
  const newest = aView.message("last from the member");
  await expect(newest).toBeFocused();

  // the list is one tab stop: arrows move between messages, each in view when focused
  await a.keyboard.press("ArrowUp");
  await expect(aView.message("two from the owner")).toBeFocused();
  await a.keyboard.press("ArrowUp");
  await expect(aView.message("one from the owner")).toBeFocused();
  await expect(aView.message("one from the owner")).toBeInViewport();
  await a.keyboard.press("End");
  await expect(newest).toBeFocused();
  expect(await aView.messages().evaluateAll((rows) => rows.filter((row) => row.tabIndex === 0).length)).toBe(1);

  // a focused message's actions: its toolbar is reachable with Tab, R replies
  await a.keyboard.press("Tab");
  await expect(newest.getByRole("button", { name: "Add reaction" })).toBeFocused();
  await a.keyboard.press("Shift+Tab");
  await expect(newest).toBeFocused();
  await a.keyboard.press("r");
  await expect(a.getByTestId("reply-bar")).toContainText("Replying to Member");
  const composer = aView.composer();
  await expect(composer).toBeFocused();
  await composer.press("Escape");
  await expect(a.getByTestId("reply-bar")).toHaveCount(0);

  // ↑ in the empty message box edits one's last message; Enter saves, focus comes back to the box
  await composer.press("ArrowUp");
  const editor = a.getByRole("textbox", { name: "Edit message" });
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue("two from the owner");
  await editor.press("ControlOrMeta+a");
  await editor.pressSequentially("two from the owner, edited");
  await editor.press("Enter");
  await expect(editor).toHaveCount(0);
  await bView.expectMessage("two from the owner, edited");
  await expect(composer).toBeFocused();

  // "Skip to the message box"
  await a.keyboard.press("Shift+Tab");
  await a.reload();
  await hydrated(a);
  await expect(aView.message("last from the member")).toBeInViewport();
  await a.keyboard.press("Tab");
  await a.keyboard.press("Tab");
  await expect(a.getByRole("link", { name: "Skip to the message box" })).toBeFocused();
  await a.keyboard.press("Enter");
  await expect(composer).toBeFocused();
});

test("keyboard only: Alt+↓ moves between channels, Ctrl+K to channels and people, Ctrl+/ lists the shortcuts, dialogs give focus back", async ({
  browser,
}) => {
  const { a, bUser } = await twoMembers(browser);
  const sidebar = new Sidebar(a);
  await sidebar.createChannel("second");
  await sidebar.openChannel("general");
  await hydrated(a);
  await a.getByRole("textbox", { name: "Message #general" }).focus();

  await a.keyboard.press("Alt+ArrowDown");
  await expect(a.getByRole("heading", { level: 1, name: "second" })).toBeVisible();
  await a.keyboard.press("Alt+ArrowUp");
  await expect(a.getByRole("heading", { level: 1, name: "general" })).toBeVisible();

  // Ctrl+K: the quick switcher finds another community's channel by a few letters
  const other = new Sidebar(a);
  const elsewhere = unique("Elsewhere ");
  await other.createCommunity(elsewhere);
  await other.createChannel("roadmap-notes");
  await other.openChannel("general");
  await a.getByRole("textbox", { name: "Message #general" }).focus();
  await a.keyboard.press("ControlOrMeta+k");
  const switcher = a.getByTestId("quick-switcher");
  await expect(switcher.getByRole("combobox")).toBeFocused();
  await a.keyboard.type("rdmp");
  await expect(switcher.getByRole("option").first()).toContainText("roadmap-notes");
  await a.keyboard.press("Enter");
  await expect(a.getByRole("heading", { level: 1, name: "roadmap-notes" })).toBeVisible();
  await expect(switcher).toHaveCount(0);
  // a person by the start of their username: their card opens in the community shared with them
  await a.keyboard.press("ControlOrMeta+k");
  await a.keyboard.type(`@${bUser.username.slice(0, 9)}`);
  const personOption = switcher.getByRole("option").first();
  await expect(personOption).toContainText(bUser.displayName);
  await expect(personOption).toContainText(`@${bUser.username}`);
  await a.keyboard.press("Enter");
  const card = a.getByRole("dialog", { name: bUser.displayName });
  await expect(card).toBeVisible();
  await expect(a).toHaveURL(/[?&]member=/);
  await a.keyboard.press("Escape");
  await expect(card).toHaveCount(0);
  await expect(a.getByRole("heading", { level: 1, name: "general" })).toBeVisible(); // the first community's
  await expect(a).not.toHaveURL(/[?&]member=/);
  // the first community's channel, again by the keyboard (a recent one comes first on an empty query)
  await a.keyboard.press("ControlOrMeta+k");
  await a.keyboard.type("second");
  await expect(switcher.getByRole("option").first()).toContainText("second");
  await a.keyboard.press("ArrowDown");
  await a.keyboard.press("ArrowUp");
  await a.keyboard.press("Enter");
  await expect(a.getByRole("heading", { level: 1, name: "second" })).toBeVisible();
  await sidebar.openChannel("general");

  // the shortcut list, and focus back where it was when it closes
  const composer = a.getByRole("textbox", { name: "Message #general" });
  await composer.focus();
  await a.keyboard.press("ControlOrMeta+/");
  const help = a.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("Quick switcher");
  await a.keyboard.press("Escape");
  await expect(help).toHaveCount(0);
  await expect(composer).toBeFocused();

  // a member's dialog opened with Enter gives focus back to that member when it closes
  const member = a.getByTestId("member").filter({ hasText: "Member" });
  await member.focus();
  await a.keyboard.press("Enter");
  await expect(a.getByRole("dialog")).toBeVisible();
  await a.keyboard.press("Escape");
  await expect(a.getByRole("dialog")).toHaveCount(0);
  await expect(member).toBeFocused();

  // the pinned messages panel too
  const pins = a.getByRole("button", { name: "Pinned messages" });
  await pins.focus();
  await a.keyboard.press("Enter");
  await expect(a.getByRole("dialog", { name: "Pinned messages" })).toBeVisible();
  await a.keyboard.press("Escape");
  await expect(a.getByRole("dialog", { name: "Pinned messages" })).toHaveCount(0);
  await expect(pins).toBeFocused();
});

test("keyboard only: Alt+Shift+↓ goes to the next unread channel, Esc there marks it all read", async ({ browser }) => {
  const { a, b, aView } = await twoMembers(browser);
  const sidebar = new Sidebar(a);
  await sidebar.createChannel("quiet");
  await sidebar.createChannel("busy");
  // more than a screen of history arrives in #busy while the member reads elsewhere
  await aView.sendMany(Array.from({ length: 60 }, (_, i) => `busy line ${i + 1}`));
  const busy = () => new Sidebar(b).channelLinks().filter({ hasText: /^busy$/ });
  await expect(busy()).toHaveAttribute("data-unread", "true");
  await new Sidebar(b).openChannel("quiet"); // read now: Alt+Shift+↓ skips nothing but unread channels

  // the next unread channel opens at its first unread message; leaving it, what was below is still unread
  await b.getByRole("textbox", { name: "Message #quiet" }).focus();
  await b.keyboard.press("Alt+Shift+ArrowDown");
  await expect(b.getByRole("heading", { level: 1, name: "busy" })).toBeVisible();
  // more unread below than the screen holds
  await expect(b.getByRole("button", { name: /new messages\s*Jump to present/ })).toBeVisible();
  await b.keyboard.press("Alt+ArrowUp");
  await expect(b.getByRole("heading", { level: 1, name: "quiet" })).toBeVisible();
  await expect(busy()).toHaveAttribute("data-unread", "true");

  // Esc there marks everything read
  await b.keyboard.press("Alt+Shift+ArrowDown");
  await expect(b.getByRole("heading", { level: 1, name: "busy" })).toBeVisible();
  await b.getByRole("textbox", { name: "Message #busy" }).focus();
  await b.keyboard.press("Escape");
  await b.keyboard.press("Alt+ArrowUp");
  await expect(b.getByRole("heading", { level: 1, name: "quiet" })).toBeVisible();
  await expect(busy()).not.toHaveAttribute("data-unread", "true");
  await b.reload();
  await expect(busy()).not.toHaveAttribute("data-unread", "true");
});
