import { expect, test } from "./fixtures/test";
import { type Page } from "@playwright/test";
import { twoMembers } from "./fixtures/community";
import { socketSwitch } from "./fixtures/network";
import { hydrated, unique } from "./fixtures/users";
import { MemberPanel } from "./pages/settings";
import { Sidebar } from "./pages/sidebar";

const connectionLost = (page: Page) => page.getByRole("status").filter({ hasText: "Connection lost. Reconnecting…" });
const pendingRows = (page: Page) => page.locator('[data-testid="message"][data-status="pending"]');

async function reload(page: Page) {
  await page.reload();
  await hydrated(page);
}

test("messages written offline survive a reload and go out once each, in order, when the connection returns", async ({
  browser,
}) => {
  let network!: Awaited<ReturnType<typeof socketSwitch>>;
  const { a, b, aView, bView } = await twoMembers(browser, async (page) => {
    network = await socketSwitch(page);
  });
  await aView.send("before the drop");
  await bView.expectMessage("before the drop");

  await network.cut();
  await expect(connectionLost(a)).toBeVisible();
  const first = unique("queued first ");
  const second = unique("queued second ");
  for (const text of [first, second]) {
    await aView.composer().fill(text);
    await aView.composer().press("Enter");
  }
  await expect(pendingRows(a)).toHaveText([new RegExp(first), new RegExp(second)]);
  await expect(pendingRows(a).first()).toContainText("Waiting for connection…");

  // still cut off: the reload shows them from the browser's outbox
  await reload(a);
  await expect(connectionLost(a)).toBeVisible();
  await expect(pendingRows(a)).toHaveText([new RegExp(first), new RegExp(second)]);
  await expect(bView.message(first)).toHaveCount(0);

  network.restore();
  await expect(connectionLost(a)).toBeHidden({ timeout: 20_000 });
  for (const text of [first, second]) {
    await expect(aView.message(text)).toHaveAttribute("data-status", "sent");
    await expect(bView.message(text)).toHaveCount(1);
    await expect(bView.message(text)).toBeInViewport({ ratio: 1 });
  }
  await expect(pendingRows(a)).toHaveCount(0);
  await expect(bView.message(/queued (first|second) /)).toHaveText([new RegExp(first), new RegExp(second)]);

  // one stored copy of each, in the order written
  for (const page of [a, b]) await reload(page);
  for (const view of [aView, bView]) {
    await expect(view.message(/queued (first|second) /)).toHaveText([new RegExp(first), new RegExp(second)]);
    for (const text of [first, second]) await expect(view.message(text)).toHaveCount(1);
  }
  await expect(pendingRows(a)).toHaveCount(0);
});

test("a queued message the server refuses for good stays failed with the reason after a reload; Discard removes it", async ({
  browser,
}) => {
  const { a, b, aView, bView } = await twoMembers(browser);
  // the member's socket through a switch: installed, then the page reopened so its socket uses it
  const network = await socketSwitch(b);
  await reload(b);
  await bView.send("member online");
  await aView.expectMessage("member online");

  await network.cut();
  await expect(connectionLost(b)).toBeVisible();
  const text = unique("refused later ");
  await bView.composer().fill(text);
  await bView.composer().press("Enter");
  const row = bView.message(text);
  await expect(row).toHaveAttribute("data-status", "pending");

  // muted while the message waits: the composer could not have known
  const dialog = await new MemberPanel(a).openMember("Member");
  await dialog.getByLabel("Mute for").selectOption({ label: "1 hour" });
  await dialog.getByRole("button", { name: "Mute", exact: true }).click();
  await expect(a.locator("[data-sonner-toast]").filter({ hasText: "Member is muted." })).toBeVisible();

  network.restore();
  await expect(connectionLost(b)).toBeHidden({ timeout: 20_000 });
  const reason = /You are muted in this community until .+ UTC\./;
  await expect(row).toHaveAttribute("data-status", "failed");
  await expect(row).toContainText(reason);

  await reload(b);
  await expect(row).toHaveAttribute("data-status", "failed");
  await expect(row).toContainText(reason);
  await expect(row.getByRole("button", { name: "Retry" })).toBeVisible();
  await row.getByRole("button", { name: "Discard" }).click();
  await expect(row).toHaveCount(0);

  await reload(b);
  await expect(bView.message("member online")).toHaveAttribute("data-status", "sent");
  await expect(row).toHaveCount(0);
  await expect(aView.message(text)).toHaveCount(0);
});

test("a message queued offline goes out when the connection returns, also while another channel is open", async ({
  browser,
}) => {
  let network!: Awaited<ReturnType<typeof socketSwitch>>;
  const { a, aView, bView } = await twoMembers(browser, async (page) => {
    network = await socketSwitch(page);
  });
  const aSidebar = new Sidebar(a);
  await aSidebar.createChannel("elsewhere");
  await aSidebar.openChannel("general");

  await network.cut();
  await expect(connectionLost(a)).toBeVisible();
  const text = unique("sent from away ");
  await aView.composer().fill(text);
  await aView.composer().press("Enter");
  await expect(aView.message(text)).toHaveAttribute("data-status", "pending");
  await aSidebar.openChannel("elsewhere");

  network.restore();
  await expect(connectionLost(a)).toBeHidden({ timeout: 20_000 });
  await bView.expectMessage(text);
  await expect(bView.message(text)).toHaveCount(1);

  await aSidebar.openChannel("general");
  await expect(aView.message(text)).toHaveAttribute("data-status", "sent");
  await expect(aView.message(text)).toHaveCount(1);
  await expect(pendingRows(a)).toHaveCount(0);
});
