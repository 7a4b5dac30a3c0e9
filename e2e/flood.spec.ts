import { io } from "socket.io-client";
import { expect, test } from "./fixtures/test";
import { hydrated, newPage, newUser, unique } from "./fixtures/users";
import { AuthPage } from "./pages/auth-page";
import { ChannelView } from "./pages/channel-view";
import { Sidebar } from "./pages/sidebar";

test("one signed-in socket flooding 20,000 events is cut off while two people keep chatting", async ({
  browser,
  baseURL,
}) => {
  const alice = newUser("Alice");
  const bob = newUser("Bob");
  const a = await newPage(browser);
  await new AuthPage(a).registerFresh(alice);
  await new Sidebar(a).createCommunity(unique("Flood Watch "));
  const link = await new Sidebar(a).createInviteLink();
  const b = await newPage(browser);
  await new AuthPage(b).registerFresh(bob);
  await b.goto(link);
  await hydrated(b);
  await b.getByRole("button", { name: "Accept invite" }).click();
  await expect(b.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
  const communityId = new URL(b.url()).pathname.split("/")[2];

  // a third account's session, driven by a script instead of a browser
  const mallory = await newPage(browser);
  await new AuthPage(mallory).registerFresh(newUser("Mallory"));
  const cookie = (await mallory.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const flooder = io(baseURL!, {
    transports: ["websocket"],
    extraHeaders: { cookie },
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    flooder.once("connect", resolve);
    flooder.once("connect_error", reject);
  });
  const cutOff = new Promise<string>((resolve) => flooder.once("disconnect", resolve));
  let refused = 0;
  for (let i = 0; i < 20_000; i++) {
    flooder.emit("presence:query", { communityId, userIds: ["x"] }, (answer: { ok: boolean; code?: number }) => {
      if (!answer.ok && answer.code === 6002029) refused++;
    });
  }

  const started = Date.now();
  await new ChannelView(a).send("still here during the flood");
  await new ChannelView(b).expectMessage("still here during the flood");
  const roundTripMs = Date.now() - started;

  expect(await cutOff).toBe("io server disconnect");
  expect(refused).toBeGreaterThan(0);
  // before the budgets, the same flood held other people's requests for up to 5.6 s
  expect(roundTripMs).toBeLessThan(3_000);
  flooder.close();
});
