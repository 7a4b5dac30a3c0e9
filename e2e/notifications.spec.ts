import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { twoMembers } from "./fixtures/community";
import { hydrated } from "./fixtures/users";
import { Sidebar } from "./pages/sidebar";

type Shown = { title: string; body: string; tag: string };

test("desktop notifications for a background tab follow each channel's notification level", async ({ browser }) => {
  const { a, b, aView } = await twoMembers(browser);
  const aSidebar = new Sidebar(a);
  await aSidebar.createChannel("other");
  await aSidebar.createChannel("news");

  // B's tab is in the background; the operating system's notification surface is recorded instead of shown
  await b.addInitScript(() => {
    const shown: { title: string; body: string; tag: string }[] = [];
    (window as unknown as { __notifications: typeof shown }).__notifications = shown;
    class RecordedNotification {
      static permission = "granted";
      static requestPermission = async () => "granted";
      onclick: (() => void) | null = null;
      constructor(title: string, options?: { body?: string; tag?: string }) {
        shown.push({ title, body: options?.body ?? "", tag: options?.tag ?? "" });
      }
      close() {}
    }
    Object.defineProperty(window, "Notification", { value: RecordedNotification, configurable: true });
    document.hasFocus = () => false;
  });
  await b.reload();
  await hydrated(b);
  const shown = () =>
    b.evaluate(() => (window as unknown as { __notifications: Shown[] }).__notifications.map((n) => n.body));

  await setDesktopNotifications(b, true);

  // A message in #news (B is in #general): one notification, titled with its author
  await aView.send("fresh news");
  await expect.poll(shown).toEqual(["fresh news"]);
  expect(await b.evaluate(() => (window as unknown as { __notifications: Shown[] }).__notifications[0].title)).toBe(
    "Owner",
  );

  // #news set to "Nothing": its messages stay silent, while #other still notifies
  const newsItem = new Sidebar(b)
    .channels()
    .getByRole("listitem")
    .filter({ has: b.getByRole("link").filter({ hasText: /^news$/ }) });
  await newsItem.hover();
  await b.getByRole("button", { name: "Notification settings for #news" }).click();
  await b.getByRole("menuitemradio", { name: "Nothing" }).click();
  await b.keyboard.press("Escape");
  // the server confirmed the setting (the channel dims when the change comes back)
  await expect(newsItem.getByRole("link")).toHaveClass(/opacity-50/);
  await aView.send("quiet news");
  await aSidebar.openChannel("other");
  await aView.send("other news");
  await expect.poll(shown).toEqual(["fresh news", "other news"]);

  // the channel B's background tab shows notifies too
  await aSidebar.openChannel("general");
  await aView.send("right here");
  await expect.poll(shown).toEqual(["fresh news", "other news", "right here"]);

  // do not disturb: the badge counts, nothing pops up
  const countInTitle = async () => Number((await b.title()).match(/^\((\d+)\)/)?.[1] ?? 0);
  await setStatus(b, "Do not disturb");
  const countBeforeDnd = await countInTitle();
  await aSidebar.openChannel("other");
  await aView.send("while busy");
  await expect.poll(countInTitle).toBeGreaterThan(countBeforeDnd);
  await aSidebar.openChannel("general");
  await aView.send("busy here too");
  await expect(b.getByTestId("message").filter({ hasText: "busy here too" })).toBeVisible();
  expect(await shown()).toEqual(["fresh news", "other news", "right here"]);
  await setStatus(b, "Online");

  // turned off in this browser (user settings): nothing more
  await setDesktopNotifications(b, false);
  const countBefore = await countInTitle();
  await aSidebar.openChannel("other");
  await aView.send("unheard");
  // B's tab has heard of it (its count rose) and showed nothing
  await expect.poll(countInTitle).toBeGreaterThan(countBefore);
  await aSidebar.openChannel("general");
  await aView.send("seen in general");
  await expect(b.getByTestId("message").filter({ hasText: "seen in general" })).toBeVisible();
  expect(await shown()).toEqual([]); // the list was kept since the page came back from settings
});

/** Turns this browser's desktop notifications on or off in user settings, then returns to the channel. */
async function setDesktopNotifications(page: Page, on: boolean) {
  const channel = page.url();
  await page.goto("/settings/notifications");
  await hydrated(page);
  const toggle = page.getByRole("switch", { name: /Desktop notifications in this browser/ });
  await toggle.click();
  await expect(toggle).toBeChecked({ checked: on });
  await page.goto(channel);
  await hydrated(page);
}

async function setStatus(page: Page, status: "Online" | "Do not disturb") {
  await page.getByRole("button", { name: /Set your status$/ }).click();
  const dialog = page.getByRole("dialog", { name: "Set your status" });
  await dialog.getByText(status, { exact: true }).click();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("button", { name: new RegExp(`status: ${status}\\. Set your status$`) })).toBeVisible();
}
