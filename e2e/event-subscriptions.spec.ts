import { verifyDelivery } from "../lib/outbound/signature";
import { startEventReceiver } from "../lib/testing/event-receiver";
import { expect, test } from "./fixtures/test";
import { hydrated, newPage, newUser, unique } from "./fixtures/users";
import { AuthPage } from "./pages/auth-page";
import { ChannelView } from "./pages/channel-view";
import { Sidebar } from "./pages/sidebar";

test("event subscriptions: the owner subscribes a receiver, sends a test event, sees the log; messages arrive signed; a failing receiver is retried", async ({
  browser,
}) => {
  const receiver = await startEventReceiver();
  try {
    const owner = await newPage(browser, { viewport: { width: 1440, height: 900 } });
    await new AuthPage(owner).registerFresh(newUser("Owner"));
    await new Sidebar(owner).createCommunity(unique("Events "));
    const general = owner.url();
    const settingsUrl = `${general.replace(/\/[^/]+$/, "")}/settings/events`;
    await owner.goto(settingsUrl);
    await hydrated(owner);
    await expect(owner.getByText("No event subscriptions yet.")).toBeVisible();

    // a private address is refused with the reason
    const form = owner.getByRole("form", { name: "New event subscription" });
    await form.getByLabel("Receiver URL").fill("http://10.1.2.3/hook");
    await form.getByRole("button", { name: "Subscribe" }).click();
    await expect(form.getByRole("alert")).toContainText("private, loopback or link-local");

    await form.getByLabel("Receiver URL").fill(receiver.url);
    await form.getByLabel("Member joined").check();
    await form.getByRole("button", { name: "Subscribe" }).click();
    const secretField = owner.getByRole("textbox", { name: "Signing secret" });
    await expect(secretField).toHaveValue(/^whsec_/);
    const secret = await secretField.inputValue();
    const row = owner.getByRole("list", { name: "Event subscriptions" }).getByRole("listitem").first();
    await expect(row).toContainText(receiver.url);
    await expect(row).toContainText("message.created");
    await expect(row).toContainText("member.joined");

    // the test event: delivered, in the log, signed with the secret shown once
    await row.getByRole("button", { name: "Send test event" }).click();
    await expect(owner.getByText("Test event queued")).toBeVisible();
    const log = row.getByRole("list", { name: "Delivery log" });
    await expect(log.getByTestId("delivery").filter({ hasText: "ping" })).toContainText("Delivered");
    await expect(log.getByTestId("delivery").filter({ hasText: "ping" })).toContainText("HTTP 200");
    const ping = receiver.received.find((r) => r.json.type === "ping")!;
    const signed = (r: typeof ping, at: Date) =>
      verifyDelivery(
        secret,
        r.body,
        { signature: r.headers["x-chat-signature"] as string, timestamp: r.headers["x-chat-timestamp"] as string },
        at,
      );
    expect(signed(ping, new Date())).toBe(true);
    await owner.screenshot({ path: test.info().outputPath("events-desktop.png"), fullPage: true });

    // a message in #general reaches the receiver
    await owner.goto(general);
    await new ChannelView(owner).send("deploy finished");
    await expect
      .poll(() => receiver.received.find((r) => r.json.type === "message.created")?.json.data.content)
      .toBe("deploy finished");
    expect(
      signed(
        receiver.received.find((r) => r.json.type === "message.created")!,
        new Date(),
      ),
    ).toBe(true);

    // a failing receiver: the log says it will retry, with the answer it got
    receiver.answer(() => 500);
    await owner.goto(settingsUrl);
    await hydrated(owner);
    await row.getByRole("button", { name: "Send test event" }).click();
    const retrying = row.getByRole("list", { name: "Delivery log" }).getByTestId("delivery").first();
    await expect(retrying).toContainText("Retrying");
    await expect(retrying).toContainText("HTTP 500");
    await expect(retrying).toContainText("Next attempt");

    // the settings fit a phone
    await owner.setViewportSize({ width: 390, height: 844 });
    await expect(row).toBeVisible();
    expect(await owner.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await owner.screenshot({ path: test.info().outputPath("events-phone.png"), fullPage: true });

    // deleted: gone from the list
    await row.getByRole("button", { name: "Delete", exact: true }).click();
    await row.getByRole("button", { name: "Delete subscription" }).click();
    await expect(owner.getByText("No event subscriptions yet.")).toBeVisible();
  } finally {
    await receiver.close();
  }
});

test("a member has no Events settings and cannot read them", async ({ browser }) => {
  const owner = await newPage(browser);
  await new AuthPage(owner).registerFresh(newUser("Owner"));
  await new Sidebar(owner).createCommunity(unique("Closed "));
  const general = owner.url();
  const link = await new Sidebar(owner).createInviteLink();
  const member = await newPage(browser);
  await new AuthPage(member).registerFresh(newUser("Member"));
  await member.goto(link);
  await hydrated(member);
  await member.getByRole("button", { name: "Accept invite" }).click();
  await expect(member).toHaveURL(general);
  const settings = `${general.replace(/\/[^/]+$/, "")}/settings`;
  await member.goto(settings);
  await expect(member.getByRole("link", { name: "Overview" })).toBeVisible();
  await expect(member.getByRole("link", { name: "Events" })).toHaveCount(0);
  const response = await member.goto(`${settings}/events`);
  expect(response?.status()).toBe(404);
});
