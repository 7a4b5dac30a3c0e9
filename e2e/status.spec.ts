import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { twoMembers } from "./fixtures/community";

const memberRow = (page: Page, displayName: string) => page.getByTestId("member").filter({ hasText: displayName });

async function openStatusDialog(page: Page) {
  await page.getByRole("button", { name: /Set your status$/ }).click();
  const dialog = page.getByRole("dialog", { name: "Set your status" });
  await expect(dialog).toBeVisible();
  return dialog;
}

test("a status and a custom status are seen live by another member; invisible looks offline to them", async ({
  browser,
}) => {
  const { a, b } = await twoMembers(browser);
  await expect(memberRow(b, "Owner").locator("[data-presence]")).toHaveAttribute("data-presence", "online");

  const dialog = await openStatusDialog(a);
  await dialog.getByText("Do not disturb").click();
  await dialog.getByRole("radio", { name: "📅" }).click();
  await dialog.getByLabel("What's happening?").fill("In a meeting");
  await dialog.getByLabel("Clear after").selectOption("4h");
  await test.info().attach("status-dialog-desktop", { body: await a.screenshot(), contentType: "image/png" });
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();

  // B sees it without reloading
  await expect(memberRow(b, "Owner").locator("[data-presence]")).toHaveAttribute("data-presence", "dnd");
  await expect(memberRow(b, "Owner").getByTestId("custom-status")).toHaveText("📅 In a meeting");
  // A's own footer and member row say so too
  await expect(a.getByTestId("my-status-line")).toHaveText("📅 In a meeting");
  await expect(a.getByRole("button", { name: /status: Do not disturb\. Set your status$/ })).toBeVisible();

  const again = await openStatusDialog(a);
  await again.getByText("Invisible").click();
  await again.getByRole("button", { name: "Save" }).click();
  await expect(memberRow(b, "Owner").locator("[data-presence]")).toHaveAttribute("data-presence", "offline");
  await expect(memberRow(b, "Owner").getByTestId("custom-status")).toHaveCount(0);
  await expect(a.getByRole("button", { name: /status: Invisible\. Set your status$/ })).toBeVisible();
  await expect(a.getByTestId("my-status-line")).toHaveText("📅 In a meeting"); // still theirs to see

  // a reload keeps it: B still sees A offline although A's tab is open
  await b.reload();
  await expect(memberRow(b, "Owner").locator("[data-presence]")).toHaveAttribute("data-presence", "offline");

  const back = await openStatusDialog(a);
  await back.getByText("Online", { exact: true }).click();
  await back.getByRole("button", { name: "Clear custom status" }).click();
  await expect(memberRow(b, "Owner").getByTestId("custom-status")).toHaveCount(0);
  await expect(a.getByTestId("my-status-line")).toHaveText(/^@/);
});

test("the status dialog on a phone", async ({ browser }) => {
  const { a } = await twoMembers(browser, undefined, { hasTouch: true });
  await a.setViewportSize({ width: 390, height: 844 });
  await a.getByRole("button", { name: "Open navigation" }).tap();
  const dialog = await openStatusDialog(a);
  await dialog.getByText("Idle", { exact: true }).tap();
  await dialog.getByLabel("What's happening?").fill("Commuting");
  await test.info().attach("status-dialog-phone", { body: await a.screenshot(), contentType: "image/png" });
  await expect(dialog.getByRole("button", { name: "Save" })).toBeInViewport({ ratio: 1 });
  await dialog.getByRole("button", { name: "Save" }).tap();
  await expect(dialog).toBeHidden();
  await expect(a.getByTestId("my-status-line")).toHaveText("Commuting");
  await expect(a.getByRole("button", { name: /status: Idle\. Set your status$/ })).toBeVisible();
});
