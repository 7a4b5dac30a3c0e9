import { expect, test } from "./fixtures/test";
import { twoMembers } from "./fixtures/community";
import { hydrated } from "./fixtures/users";

test("a profile card opens from a message's author, a mention and the member list, with what the person chose to show", async ({
  browser,
}) => {
  const { a, b, aUser, bUser, aView, bView } = await twoMembers(browser);
  await b.goto("/settings");
  await hydrated(b);
  await b.getByLabel("Pronouns").fill("she/her");
  await b.getByLabel("About me").fill("Sails **boats** on weekends.");
  await b.getByRole("button", { name: "Save profile" }).click();
  await expect(b.getByText("Profile saved")).toBeVisible();
  await b.goBack();
  await hydrated(b);
  await bView.send("hello from the member");
  await aView.send(`hi @${bUser.username}`, `hi @${bUser.displayName}`);
  // sent before the mention's suggestions arrived: they do not open over the empty box afterwards
  await expect(a.getByRole("option", { name: new RegExp(bUser.username) })).toHaveCount(0);

  // the author's name
  const row = a.getByRole("article", { name: /hello from the member$/ });
  await row.getByRole("button", { name: bUser.displayName }).click();
  const card = a.getByTestId("profile-card");
  await expect(card).toContainText("she/her");
  await expect(card.getByRole("region", { name: "About me" })).toContainText("Sails boats on weekends.");
  await expect(card.getByRole("region", { name: "About me" }).locator("strong")).toHaveText("boats");
  await expect(card).toContainText("Role: Member");
  await expect(card.getByRole("button", { name: "Kick" })).toBeVisible(); // the owner moderates from the card
  await test.info().attach("profile-card-desktop", { body: await a.screenshot(), contentType: "image/png" });
  await a.keyboard.press("Escape");
  await expect(card).toHaveCount(0);

  // a mention in a message
  await a
    .getByRole("article", { name: /^Owner: hi/ })
    .locator("[data-mention]")
    .click();
  await expect(a.getByTestId("profile-card")).toContainText("she/her");
  await a.keyboard.press("Escape");

  // the member sees the owner's card: no moderation, but Block
  await b.getByTestId("member").filter({ hasText: aUser.displayName }).click();
  const ownerCard = b.getByTestId("profile-card");
  await expect(ownerCard).toContainText("Role: Owner");
  await expect(ownerCard.getByRole("button", { name: "Kick" })).toHaveCount(0);
  await expect(ownerCard.getByRole("button", { name: "Block" })).toBeVisible();
});

test("the profile card on a phone", async ({ browser }) => {
  const { a, b, bUser, bView } = await twoMembers(browser, undefined, { hasTouch: true });
  await bView.send("tap my name");
  await a.setViewportSize({ width: 390, height: 844 });
  const row = a.getByRole("article", { name: /tap my name$/ });
  await expect(row).toBeInViewport();
  await row.getByRole("button", { name: bUser.displayName }).tap();
  const card = a.getByTestId("profile-card");
  await expect(card).toContainText("Role: Member");
  await expect(card.getByRole("button", { name: "Block" })).toBeInViewport();
  await test.info().attach("profile-card-phone", { body: await a.screenshot(), contentType: "image/png" });
  void b;
});

test("a card opens from the reaction list, and with P on a focused message", async ({ browser }) => {
  const { a, b, aUser, bUser, bView } = await twoMembers(browser);
  await bView.send("react to this");
  const row = a.getByRole("article", { name: /react to this$/ });
  await row.hover();
  await row.getByRole("button", { name: "Add reaction", exact: true }).click();
  await a.getByRole("button", { name: "React with 👍" }).click();
  await expect(row.getByTestId("reactions")).toContainText("1");

  // B opens who reacted, then the reactor's card
  const own = b.getByRole("article", { name: /react to this$/ });
  await expect(own.getByTestId("reactions")).toContainText("1");
  await own.getByRole("button", { name: "Who reacted" }).click();
  const list = b.getByTestId("reaction-list");
  await expect(list).toContainText("👍");
  await list.getByRole("button", { name: aUser.displayName }).click();
  await expect(b.getByTestId("profile-card")).toContainText("Role: Owner");
  await b.keyboard.press("Escape");
  await expect(b.getByTestId("profile-card")).toHaveCount(0);

  // the keyboard: a focused message, then P
  await row.focus();
  await a.keyboard.press("p");
  await expect(a.getByRole("dialog", { name: bUser.displayName })).toBeVisible();
  await expect(a.getByTestId("profile-card")).toContainText("Role: Member");
});
