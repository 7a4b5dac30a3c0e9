import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { twoMembers } from "./fixtures/community";

const memberDot = (page: Page, displayName: string) =>
  page.getByTestId("member").filter({ hasText: displayName }).locator("[data-presence]");

test("typing shows for the other member and ends with the send", async ({ browser }) => {
  const { b, aView, bView } = await twoMembers(browser);
  const indicator = b.getByTestId("typing-indicator");
  await expect(bView.composer()).toBeVisible();
  await aView.composer().pressSequentially("hello the");
  await expect(indicator).toHaveText("Owner is typing…");
  await aView.composer().pressSequentially("re");
  await aView.composer().press("Enter");
  await expect(bView.message("hello there")).toBeInViewport({ ratio: 1 });
  await expect(indicator).toHaveText("");
  // B's own typing is never shown to B
  await bView.composer().pressSequentially("my turn");
  await expect(aView.page.getByTestId("typing-indicator")).toHaveText("Member is typing…");
  await expect(indicator).toHaveText("");
});

test("presence: online in the member list, idle after ten minutes without input, back on input, offline when the last tab closes", async ({
  browser,
}) => {
  const { a, b } = await twoMembers(browser, (page) => page.clock.install());
  await expect(memberDot(b, "Owner")).toHaveAttribute("data-presence", "online");
  await expect(memberDot(a, "Member")).toHaveAttribute("data-presence", "online");

  // ten minutes without input in A's only tab (A's clock is fake; the socket may reconnect on the way)
  await a.clock.fastForward("10:30");
  await expect(memberDot(b, "Owner")).toHaveAttribute("data-presence", "idle");
  await a.mouse.move(200, 200);
  await a.mouse.move(220, 240);
  await expect(memberDot(b, "Owner")).toHaveAttribute("data-presence", "online");

  await a.context().close();
  await expect(memberDot(b, "Owner")).toHaveAttribute("data-presence", "offline");
});
