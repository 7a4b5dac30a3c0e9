import sharp from "sharp";
import { expect, test } from "./fixtures/test";
import { twoMembers } from "./fixtures/community";
import { Sidebar } from "./pages/sidebar";

test("the message box: :shortcode: suggestions, the emoji button, #channel links for those who can see them", async ({
  browser,
}) => {
  const { a, b, aView, bView } = await twoMembers(browser);
  const composer = aView.composer();

  // ":tad" offers 🎉; Enter picks it; a whole ":smile:" turns into its emoji as it is typed
  await composer.pressSequentially("party :tad");
  const suggestions = a.getByRole("listbox");
  await expect(suggestions.getByRole("option").first()).toContainText("🎉");
  await composer.press("Enter");
  await expect(suggestions).toHaveCount(0);
  await composer.pressSequentially("and :smile: ");
  await expect(composer).toHaveValue("party 🎉 and 😄 ");
  // the smiley opens the picker; a pick goes in at the caret and the box keeps focus
  await a.getByRole("button", { name: "Choose an emoji" }).click();
  const picker = a.getByRole("dialog", { name: "Pick an emoji" });
  await expect(picker).toBeVisible();
  await picker.locator("input").first().fill("rocket");
  await picker.locator('[data-epr-unified="1f680"]').first().click();
  await expect(picker).toHaveCount(0);
  await expect(composer).toHaveValue("party 🎉 and 😄 🚀");
  await expect(composer).toBeFocused();
  await composer.press("Enter");
  await bView.expectMessage("party 🎉 and 😄 🚀");

  // "#" offers the channels this member can read; the link opens the channel
  await new Sidebar(a).createChannel("release-notes");
  await new Sidebar(a).openChannel("general");
  await composer.pressSequentially("notes are in #rel");
  await expect(suggestions.getByRole("option", { name: /release-notes/ })).toBeVisible();
  await composer.press("Tab");
  await expect(composer).toHaveValue("notes are in #release-notes ");
  await composer.pressSequentially("and not in #nowhere");
  await composer.press("Enter");
  const message = bView.message("notes are in #release-notes");
  await expect(message).toHaveCount(1);
  await expect(message.getByRole("link", { name: "#nowhere" })).toHaveCount(0);
  await message.getByRole("link", { name: "#release-notes" }).click();
  await expect(b.getByRole("heading", { level: 1, name: "release-notes" })).toBeVisible();
});

test("files dropped anywhere on the conversation: an overlay, then one upload each", async ({ browser }) => {
  const { a, bView } = await twoMembers(browser);
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#248046" } })
    .png()
    .toBuffer();
  const files = await a.evaluateHandle((bytes) => {
    const transfer = new DataTransfer();
    for (const name of ["first.png", "second.png"])
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type: "image/png" }));
    return transfer;
  }, Array.from(png));
  const list = a.getByTestId("virtuoso-scroller");
  await list.dispatchEvent("dragenter", { dataTransfer: files });
  const overlay = a.getByTestId("drop-overlay");
  await expect(overlay).toBeVisible();
  await expect(overlay).toContainText("Drop to upload to #general");
  await list.dispatchEvent("drop", { dataTransfer: files });
  await expect(overlay).toHaveCount(0);
  await expect(bView.messages().getByRole("img")).toHaveCount(2);
});
