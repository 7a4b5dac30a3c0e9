import { hydrated } from "./fixtures/users";
import { expect, test } from "./fixtures/test";
import { twoMembers } from "./fixtures/community";

test("edit and delete one's own messages, and an admin removes another's, live in both browsers", async ({
  browser,
}) => {
  const { a, b, aView, bView } = await twoMembers(browser);
  await bView.send("helo everyone");
  await aView.expectMessage("helo everyone");

  // B edits: Esc cancels, Enter saves; A sees "(edited)"
  const mine = bView.message("helo everyone");
  await mine.hover();
  await mine.getByRole("button", { name: "Edit message" }).click();
  await b.getByRole("textbox", { name: "Edit message" }).fill("scrapped");
  await b.getByRole("textbox", { name: "Edit message" }).press("Escape");
  await expect(bView.message("helo everyone")).toHaveCount(1);
  await bView.message("helo everyone").hover();
  await bView.message("helo everyone").getByRole("button", { name: "Edit message" }).click();
  await b.getByRole("textbox", { name: "Edit message" }).fill("hello everyone");
  await b.getByRole("textbox", { name: "Edit message" }).press("Enter");
  await expect(aView.message("hello everyone")).toContainText("(edited)");

  // A (owner) cannot edit B's message, but can remove it after confirming
  const theirs = aView.message("hello everyone");
  await theirs.hover();
  await expect(theirs.getByRole("button", { name: "Edit message" })).toHaveCount(0);
  await theirs.getByRole("button", { name: "Remove message" }).click();
  await theirs.getByRole("button", { name: "Remove", exact: true }).click();
  for (const view of [aView, bView]) {
    await expect(view.message("This message was removed by a moderator.")).toHaveCount(1);
    await expect(view.message("hello everyone")).toHaveCount(0);
  }

  // B deletes their own message: it disappears for both, and stays gone after a reload
  await bView.send("oops, wrong channel");
  await aView.expectMessage("oops, wrong channel");
  await bView.message("oops, wrong channel").hover();
  await bView.message("oops, wrong channel").getByRole("button", { name: "Delete message" }).click();
  await bView.message("oops, wrong channel").getByRole("button", { name: "Delete", exact: true }).click();
  await expect(aView.message("oops, wrong channel")).toHaveCount(0);
  await expect(bView.message("oops, wrong channel")).toHaveCount(0);
  await a.reload();
  await hydrated(a);
  await expect(aView.messages()).toHaveCount(1);
  // B, a member, has no remove control on the owner's messages
  await aView.send("owner speaking");
  await bView.message("owner speaking").hover();
  await expect(bView.message("owner speaking").getByRole("button", { name: "Reply" })).toBeVisible();
  await expect(bView.message("owner speaking").getByRole("button", { name: /edit|delete|remove|pin/i })).toHaveCount(0);
});
