import { readFileSync } from "node:fs";
import sharp from "sharp";
import { io } from "socket.io-client";
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { twoMembers } from "./fixtures/community";
import { hydrated } from "./fixtures/users";
import { ChannelView } from "./pages/channel-view";
import { Sidebar } from "./pages/sidebar";

// What a person sees: a message that must be read is wholly on screen (toBeVisible passes below the
// fold). Each spec runs at a desktop size and at a phone size with touch.
const screens = [
  { name: "desktop 1440×900", viewport: { width: 1440, height: 900 } },
  { name: "phone 390×844", viewport: { width: 390, height: 844 } },
];

const onScreen = (row: Locator) => expect(row).toBeInViewport({ ratio: 1 });
/** The row whose text is exactly this (not "unread 10" for "unread 1"). */
const row = (view: ChannelView, text: string) =>
  view.messages().filter({ has: view.page.getByText(text, { exact: true }) });
const channelIdOf = (page: Page) => new URL(page.url()).pathname.split("/").pop()!;

/** History written through the real socket with the page's session (fast, and not through the view under test). */
async function writeHistory(page: Page, texts: string[], channelId = channelIdOf(page)) {
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const socket = io(new URL(page.url()).origin, { transports: ["websocket"], extraHeaders: { cookie } });
  try {
    for (const [i, content] of texts.entries()) {
      const result = await socket.emitWithAck("message:send", {
        channelId,
        content,
        nonce: `${content}-${i}-${Date.now()}`,
      });
      expect(result.ok).toBe(true);
    }
  } finally {
    socket.disconnect();
  }
}

/** The page's user's unread count in its channel, as the server answers it now (through a socket of their own). */
async function serverUnread(page: Page, channelId = channelIdOf(page)) {
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const socket = io(new URL(page.url()).origin, { transports: ["websocket"], extraHeaders: { cookie } });
  try {
    const result = await socket.emitWithAck("read:states", {});
    expect(result.ok).toBe(true);
    const states = (result.data as { channels: { channelId: string; unread: number }[] }[]).flatMap((c) => c.channels);
    return states.find((state) => state.channelId === channelId)?.unread ?? -1;
  } finally {
    socket.disconnect();
  }
}

const lines = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix} ${i}`);

/** Records every title the tab shows, so a count that came and went is caught too. */
async function recordTitles(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { __titles: string[] }).__titles = [document.title]);
    new MutationObserver(() => seen.push(document.title)).observe(document.head, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}
const titlesSeen = (page: Page) => page.evaluate(() => (window as unknown as { __titles: string[] }).__titles);

/** Two members on #general, with a history taller than any screen, at the given size. */
async function conversationAt(browser: Parameters<typeof twoMembers>[0], viewport: { width: number; height: number }) {
  const pair = await twoMembers(browser, undefined, { hasTouch: true });
  await writeHistory(pair.a, lines("earlier", 40));
  // the member watched it all arrive: the server knows before the reload (which would otherwise
  // race the last read mark and open at the first unread message instead)
  await onScreen(row(pair.bView, "earlier 39"));
  await expect.poll(() => serverUnread(pair.b)).toBe(0);
  for (const page of [pair.a, pair.b]) {
    await page.setViewportSize(viewport);
    await page.reload();
    await hydrated(page);
  }
  await onScreen(row(pair.aView, "earlier 39"));
  await onScreen(row(pair.bView, "earlier 39"));
  return pair;
}

for (const screen of screens) {
  test.describe(screen.name, () => {
    test("at the bottom, the list follows: one's own and others' messages and an image land wholly on screen on both sides", async ({
      browser,
    }) => {
      const { a, aView, bView } = await conversationAt(browser, screen.viewport);
      for (let i = 1; i <= 3; i++) {
        await aView.send(`from a ${i}`);
        await onScreen(aView.message(`from a ${i}`));
        await onScreen(bView.message(`from a ${i}`));
        await bView.send(`from b ${i}`);
        await onScreen(bView.message(`from b ${i}`));
        await onScreen(aView.message(`from b ${i}`));
      }
      // a message that grows (a multi-line edit arrives, a reaction row appears) keeps the newest on screen
      await bView.send("short");
      await onScreen(aView.message("short"));

      const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#3498db" } })
        .png()
        .toBuffer();
      await a.getByTestId("file-input").setInputFiles({ name: "harbour.png", mimeType: "image/png", buffer: png });
      for (const view of [aView, bView]) {
        const image = view.messages().last().getByRole("img", { name: "harbour.png" });
        await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(400);
        await onScreen(view.messages().last());
      }

      // a portrait video: its box has the video's shape before anything of it loads, and stays on screen
      const video = readFileSync(new URL("../lib/testing/fixtures/video-240x320.webm", import.meta.url));
      await a.getByTestId("file-input").setInputFiles({ name: "portrait.webm", mimeType: "video/webm", buffer: video });
      for (const view of [aView, bView]) {
        const player = view.messages().last().getByLabel("Video portrait.webm");
        const box = (await player.boundingBox())!;
        expect(box.width / box.height).toBeCloseTo(240 / 320, 2);
        await expect.poll(() => player.evaluate((element: HTMLVideoElement) => element.readyState)).toBeGreaterThan(0);
        await onScreen(view.messages().last());
      }
    });

    test("scrolled up, the view never jumps; a bar counts what arrived and jumps to the present", async ({
      browser,
    }) => {
      const { a, b, aView, bView } = await conversationAt(browser, screen.viewport);
      const scroller = b.getByTestId("virtuoso-scroller");
      // the reader scrolls up a few screens, as a person would
      await scroller.hover();
      const reading = row(bView, "earlier 12");
      await expect(async () => {
        await b.mouse.wheel(0, -600);
        await expect(reading).toBeInViewport({ ratio: 1, timeout: 300 });
      }).toPass({ timeout: 20_000 });
      const before = await reading.boundingBox();

      for (let i = 1; i <= 3; i++) await aView.send(`while away ${i}`);
      const bar = b.getByRole("button", { name: /new messages?\s*Jump to present/ });
      await expect(bar).toContainText("3 new messages");
      expect(await reading.boundingBox()).toEqual(before);
      await expect(bView.message("while away 1")).not.toBeInViewport();

      await bar.click();
      await onScreen(bView.message("while away 3"));
      await expect(bar).toHaveCount(0);
      // following again: the next message lands on screen
      await aView.send("back live");
      await onScreen(bView.message("back live"));
      await expect(a.getByRole("button", { name: /Jump to present/ })).toHaveCount(0);
    });

    test("watching messages arrive leaves no unread count, badge or banner, in the reader's other tab neither, also after a reload", async ({
      browser,
    }) => {
      const { a, b, aView, bView } = await conversationAt(browser, screen.viewport);
      // the reader's second tab, elsewhere in the app: the first tab's read marks reach the server only every few seconds
      const b2 = await b.context().newPage();
      await b2.goto("/discover");
      await hydrated(b2);
      await recordTitles(a);
      await recordTitles(b);
      await recordTitles(b2);
      for (let i = 1; i <= 6; i++) {
        await aView.send(`watched ${i}`);
        await onScreen(bView.message(`watched ${i}`));
        await bView.send(`answer ${i}`);
        await onScreen(aView.message(`answer ${i}`));
      }
      for (const [name, page] of [
        ["sender", a],
        ["reader", b],
        ["reader's other tab", b2],
      ] as const) {
        expect(
          (await titlesSeen(page)).filter((title) => /^\(\d+\)/.test(title)),
          `${name}'s titles`,
        ).toEqual([]);
        await expect(new Sidebar(page).rail().getByTestId("community-badge")).toHaveCount(0);
        await expect(page.getByRole("status").filter({ hasText: /new messages? since/ })).toHaveCount(0);
      }
      await b.reload();
      await hydrated(b);
      await onScreen(bView.message("answer 6"));
      await expect(b).not.toHaveTitle(/^\(\d+\)/);
      await expect(b.getByRole("status").filter({ hasText: /new messages? since/ })).toHaveCount(0);
      await expect(b.getByRole("separator", { name: "New messages" })).toHaveCount(0);
    });
  });
}

for (const screen of screens) {
  test(`a channel opens at its first unread message with the divider in view, or at its newest message; the divider starts an author group (${screen.name})`, async ({
    browser,
  }) => {
    const { a, b, bView } = await twoMembers(browser, undefined, { hasTouch: true });
    await b.setViewportSize(screen.viewport);
    await new Sidebar(a).createChannel("busy");
    const busyId = channelIdOf(a);
    await writeHistory(a, lines("read before", 60), busyId);
    // B opens #busy at its start (all of it is new), reads to the end, then leaves for #general
    await new Sidebar(b).openChannel("busy");
    await onScreen(b.getByRole("separator", { name: "New messages" }));
    await b.getByRole("button", { name: /Jump to present/ }).click();
    await onScreen(row(bView, "read before 59"));
    await new Sidebar(b).openChannel("general");

    // many unread: #busy opens at the first of them, its divider and author in view
    await writeHistory(a, lines("unread", 40), busyId);
    await expect(b).toHaveTitle(/^\(40\) /);
    await new Sidebar(b).openChannel("busy");
    const divider = b.getByRole("separator", { name: "New messages" });
    await onScreen(divider);
    const firstUnread = row(bView, "unread 0");
    await onScreen(firstUnread);
    // A wrote the message before it too: the divider still shows who wrote this one
    await expect(firstUnread.getByText("Owner", { exact: true })).toBeVisible();
    await expect(row(bView, "unread 39")).not.toBeInViewport();

    // read to the end and back later with a few new ones: opens at the newest, wholly on screen
    await b.getByRole("button", { name: /Jump to present/ }).click();
    await onScreen(row(bView, "unread 39"));
    await new Sidebar(b).openChannel("general");
    await writeHistory(a, lines("a few", 2), busyId);
    await expect(b).toHaveTitle(/^\(2\) /);
    await new Sidebar(b).openChannel("busy");
    await onScreen(row(bView, "a few 1"));
    await onScreen(divider);
  });
}

test("while history loads, a skeleton shows, never the start of the channel; a revisit shows its messages at once", async ({
  browser,
}) => {
  const { a, aView } = await twoMembers(browser);
  await new Sidebar(a).createChannel("elsewhere");
  await aView.send("a message elsewhere");
  await new Sidebar(a).openChannel("general");
  await writeHistory(a, lines("long ago", 60));
  // #general holds more than a page: its welcome (the top of its history) must never show here
  await a.addInitScript(() => {
    const page = window as unknown as { __welcomeAlone: number };
    page.__welcomeAlone = 0;
    new MutationObserver(() => {
      if ([...document.querySelectorAll("h3")].some((h) => h.textContent?.startsWith("Welcome to #general")))
        page.__welcomeAlone += 1;
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const welcomeAlone = () => a.evaluate(() => (window as unknown as { __welcomeAlone: number }).__welcomeAlone);
  await a.reload();
  await hydrated(a);
  await onScreen(row(aView, "long ago 59"));
  expect(await welcomeAlone()).toBe(0);

  // switch away and back: the newest message is there again, wholly on screen
  await new Sidebar(a).openChannel("elsewhere");
  await new Sidebar(a).openChannel("general");
  await onScreen(row(aView, "long ago 59"));
  expect(await welcomeAlone()).toBe(0);
});

test("a hidden tab or a window without focus marks nothing read; coming back reads what is on screen", async ({
  browser,
}) => {
  const { b, aView, bView } = await twoMembers(browser);
  const setFocus = (focused: boolean) =>
    b.evaluate((value) => {
      document.hasFocus = () => value;
      window.dispatchEvent(new Event(value ? "focus" : "blur"));
    }, focused);
  const setVisible = (visible: boolean) =>
    b.evaluate((value) => {
      Object.defineProperty(document, "visibilityState", { value: value ? "visible" : "hidden", configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    }, visible);

  await setFocus(false);
  await aView.send("while B looks away 1");
  await aView.send("while B looks away 2");
  await onScreen(row(bView, "while B looks away 2")); // the list still follows
  await expect(b).toHaveTitle(/^\(2\) /);
  await setFocus(true);
  await expect(b).not.toHaveTitle(/^\(\d+\) /);

  await setVisible(false);
  await aView.send("while the tab is hidden");
  await expect(b).toHaveTitle(/^\(1\) /);
  await setVisible(true);
  await expect(b).not.toHaveTitle(/^\(\d+\) /);
  await b.reload();
  await hydrated(b);
  await onScreen(row(bView, "while the tab is hidden"));
  await expect(b).not.toHaveTitle(/^\(\d+\) /);
  await expect(b.getByRole("separator", { name: "New messages" })).toHaveCount(0);
});
