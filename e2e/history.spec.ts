import { expect, test } from "./fixtures/test";
import { io } from "socket.io-client";
import { hydrated, newPage, newUser, unique } from "./fixtures/users";
import { AuthPage } from "./pages/auth-page";
import { ChannelView } from "./pages/channel-view";
import { Sidebar } from "./pages/sidebar";

test("history opens on the newest 50 messages and loads older pages by cursor on scroll", async ({
  browser,
  baseURL,
}) => {
  const page = await newPage(browser);
  await new AuthPage(page).registerFresh(newUser("Hana"));
  await new Sidebar(page).createCommunity(unique("Archive "));
  const channelId = page.url().split("/").pop()!;

  // 120 messages through the real socket, authenticated with this browser's session cookie
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const socket = io(baseURL!, { transports: ["websocket"], extraHeaders: { cookie } });
  for (let i = 0; i < 120; i++) {
    const result = await socket.emitWithAck("message:send", {
      channelId,
      content: `history message ${i}`,
      nonce: `history-${i}`,
    });
    expect(result.ok).toBe(true);
  }
  socket.disconnect();

  const olderPages: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/messages?before=")) olderPages.push(new URL(request.url()).search);
  });
  await page.reload();
  await hydrated(page);
  const view = new ChannelView(page);
  const exactly = (text: string) => view.messages().filter({ has: page.getByText(text, { exact: true }) });
  await expect(exactly("history message 119")).toBeVisible();
  await expect(exactly("history message 69")).toHaveCount(0); // not in the first page of 50
  expect(olderPages).toEqual([]);

  const start = page.getByText("This is the start of the #general channel.");
  await page.mouse.move(700, 400);
  await expect(async () => {
    await page.mouse.wheel(0, -4000);
    await expect(start).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 30_000 });
  await expect(exactly("history message 0")).toBeVisible();
  // two older pages (50 + 20) by cursor, never by offset
  expect(olderPages).toHaveLength(2);
  for (const query of olderPages) expect(query).toMatch(/^\?before=[0-9A-Z]{26}&limit=50$/);
});
