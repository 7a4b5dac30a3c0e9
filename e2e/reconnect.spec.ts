import { hydrated } from "./fixtures/users";
import { expect, test } from "./fixtures/test";
import { type WebSocketRoute } from "@playwright/test";
import { twoMembers } from "./fixtures/community";
import { socketSwitch } from "./fixtures/network";
import { ChannelView } from "./pages/channel-view";

test("a send made offline waits in the outbox and goes out after reconnecting; nothing is missed or doubled", async ({
  browser,
}) => {
  // A's network to Socket.IO (WebSocket and polling) can be cut and restored by the test.
  const network = { down: false, sockets: [] as WebSocketRoute[] };
  const { a, aView, bView } = await twoMembers(browser, async (page) => {
    await page.route("**/socket.io/**", (route) => (network.down ? route.abort() : route.continue()));
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (network.down) return ws.close();
      network.sockets.push(ws);
      ws.connectToServer();
    });
  });
  await aView.send("before the drop");
  await bView.expectMessage("before the drop");

  network.down = true;
  for (const ws of network.sockets.splice(0)) await ws.close();
  const banner = a.getByRole("status").filter({ hasText: "Connection lost. Reconnecting…" });
  await expect(banner).toBeVisible();

  await aView.composer().fill("written while offline");
  await aView.composer().press("Enter");
  const queued = aView.message("written while offline");
  await expect(queued).toHaveAttribute("data-status", "pending");
  await expect(queued).toContainText("Waiting for connection…");

  await bView.send("sent while A was away");

  network.down = false;
  await expect(banner).toBeHidden({ timeout: 20_000 });
  await aView.expectMessage("sent while A was away"); // fetched after the reconnect

  // sent by itself after the catch-up, with the same nonce
  await expect(queued).toHaveAttribute("data-status", "sent");
  await bView.expectMessage("written while offline");
  await expect(aView.messages()).toHaveCount(3);
  await expect(bView.messages()).toHaveCount(3);
  await a.reload();
  await hydrated(a);
  await expect(aView.messages()).toHaveText([/before the drop/, /sent while A was away/, /written while offline/]);
});

test("a new direct conversation opened while the socket is down shows the first message stored before it connected", async ({
  browser,
}) => {
  const { a, b, bUser } = await twoMembers(browser);
  // A opens a conversation with B from the member list: no message in it yet
  await a.getByTestId("member").filter({ hasText: bUser.displayName }).click();
  await a.getByTestId("profile-card").getByRole("button", { name: "Message" }).click();
  await expect(a.getByRole("heading", { level: 1, name: bUser.displayName })).toBeVisible();
  const conversationUrl = a.url();

  // B opens it (empty, rendered by the server) while its socket cannot connect
  const bSocket = await socketSwitch(b);
  await bSocket.cut();
  await b.goto(conversationUrl);
  await hydrated(b);
  const bView = new ChannelView(b);
  await expect(b.getByText(/This is the beginning of your direct message history/)).toBeVisible();
  await expect(bView.messages()).toHaveCount(0);
  const banner = b.getByRole("status").filter({ hasText: "Connection lost. Reconnecting…" });
  await expect(banner).toBeVisible();

  // stored after B's page was rendered, before B's socket subscribed: no live event reaches B
  await new ChannelView(a).send("the first words");
  bSocket.restore();
  await expect(banner).toBeHidden({ timeout: 20_000 });
  await bView.expectMessage("the first words");
  await expect(bView.messages()).toHaveCount(1);
});
