import { expect, test } from "./fixtures/test";
import { twoMembers } from "./fixtures/community";

test("on a phone, a tap on a message opens its actions: a reply and a reaction reach the other member", async ({
  browser,
}) => {
  const { a, b, aView, bView } = await twoMembers(browser, undefined, { hasTouch: true });
  for (const page of [a, b]) await page.setViewportSize({ width: 390, height: 844 });
  // the header keeps the channel's name whole (search is an icon until used)
  const title = b.getByRole("heading", { level: 1, name: "general" });
  // (polled: the search box animates its width to the phone's after the resize)
  await expect.poll(() => title.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  const search = b.getByRole("textbox", { name: "Search messages" });
  await b.getByRole("search").tap();
  await expect(search).toBeFocused();
  await expect.poll(async () => (await search.boundingBox())!.width).toBeGreaterThan(100); // it widens as it opens
  await b.keyboard.press("Escape");
  await search.blur();
  await aView.send("anyone up for lunch?");
  await bView.expectMessage("anyone up for lunch?");

  // no hover on a phone: the toolbar never shows, a tap opens the sheet instead
  const message = b.getByRole("article", { name: "Owner: anyone up for lunch?" });
  await message.tap();
  const sheet = b.getByTestId("message-actions");
  await expect(sheet).toBeInViewport({ ratio: 1 });
  await expect(sheet).toContainText("anyone up for lunch?");
  await expect(message.getByRole("button", { name: "Reply", exact: true })).toBeHidden();
  // someone else's message: no edit, no delete for a member
  await expect(sheet.getByRole("button", { name: "Edit message" })).toHaveCount(0);
  await expect(sheet.getByRole("button", { name: /Delete message|Remove message/ })).toHaveCount(0);
  // every row is a comfortable touch target
  for (const row of await sheet.getByRole("button").all())
    expect((await row.boundingBox())!.height).toBeGreaterThanOrEqual(44);

  await sheet.getByRole("button", { name: "Reply" }).tap();
  await expect(sheet).toHaveCount(0);
  await expect(b.getByTestId("reply-bar")).toContainText("Replying to Owner");
  await bView.send("count me in");
  await aView.expectMessage("count me in");
  await expect(aView.message("count me in")).toContainText("anyone up for lunch?"); // the quote

  await message.tap();
  await sheet.getByRole("button", { name: "React with 🎉" }).tap();
  await expect(sheet).toHaveCount(0);
  const original = a.getByRole("article", { name: "Owner: anyone up for lunch?" });
  const reaction = original.getByRole("button", { name: /^🎉 1/ });
  await expect(reaction).toBeVisible();

  // one's own message: edit from the sheet
  await original.tap();
  const ownSheet = a.getByTestId("message-actions");
  await expect(ownSheet.getByRole("button", { name: "Delete message" })).toBeVisible();
  await ownSheet.getByRole("button", { name: "Edit message" }).tap();
  const editor = a.getByRole("textbox", { name: "Edit message" });
  await editor.fill("anyone up for an early lunch?");
  await editor.press("Enter");
  await bView.expectMessage("anyone up for an early lunch?");

  // Esc closes the sheet without acting
  await b.getByRole("article", { name: /: count me in$/ }).tap();
  await expect(sheet).toBeVisible();
  await b.keyboard.press("Escape");
  await expect(sheet).toHaveCount(0);
});

test("on a phone, the member list is a drawer: open a member and block them", async ({ browser }) => {
  const { a, b, aView, bView } = await twoMembers(browser, undefined, { hasTouch: true });
  for (const page of [a, b]) await page.setViewportSize({ width: 390, height: 844 });
  await aView.send("a message before the block");
  await bView.expectMessage("a message before the block");

  await b.getByRole("button", { name: "Members", exact: true }).tap();
  const drawer = b.getByTestId("member-drawer");
  await expect(drawer).toBeInViewport({ ratio: 1 });
  await expect(drawer.getByTestId("member")).toHaveCount(2);
  await drawer.getByTestId("member").filter({ hasText: "Owner" }).tap();
  const dialog = b.getByRole("dialog").filter({ has: b.getByRole("button", { name: "Block" }) });
  await expect(dialog).toBeInViewport();
  await dialog.getByRole("button", { name: "Block" }).tap();
  await expect(dialog.getByText("You blocked this user.")).toBeVisible();
  await b.keyboard.press("Escape");
  await b.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);
  // the owner's messages collapse for the member
  await expect(b.getByTestId("blocked-message")).toHaveCount(1);
  await expect(bView.message("a message before the block")).toHaveCount(0);
});

test("on a tablet (820x1180, touch): the sheet, the member drawer and settings fit", async ({ browser }) => {
  const { a, b, aView, bView } = await twoMembers(browser, undefined, { hasTouch: true });
  for (const page of [a, b]) await page.setViewportSize({ width: 820, height: 1180 });
  await aView.send("tablet hello");
  await bView.expectMessage("tablet hello");
  await expect(b.getByRole("heading", { level: 1, name: "general" })).toBeInViewport({ ratio: 1 });

  await b.getByRole("article", { name: "Owner: tablet hello" }).tap();
  const sheet = b.getByTestId("message-actions");
  await expect(sheet).toBeInViewport({ ratio: 1 });
  await sheet.getByRole("button", { name: "React with 👍" }).tap();
  await expect(
    a.getByRole("article", { name: "Owner: tablet hello" }).getByRole("button", { name: /^👍 1/ }),
  ).toBeVisible();

  await b.getByRole("button", { name: "Members", exact: true }).tap();
  await expect(b.getByTestId("member-drawer").getByTestId("member")).toHaveCount(2);
  await b.keyboard.press("Escape");

  // the owner's settings: the tabs and the invite table read without overlap
  await a.goto(a.url().replace(/^(.*\/c\/[^/]+).*$/, "$1/settings/invites"));
  await expect(a.getByRole("heading", { level: 2, name: "Invite links" })).toBeVisible();
  const overflow = await a.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBe(0);
});
