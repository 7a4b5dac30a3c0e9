import { expect, test } from "./fixtures/test";
import { newPage, newUser, unique } from "./fixtures/users";
import { AuthPage } from "./pages/auth-page";
import { ChannelView } from "./pages/channel-view";
import { Sidebar } from "./pages/sidebar";

test("liveness and readiness are apart; /metrics answers a scraper with its token only, and names routes, not ids or secrets", async ({
  browser,
  playwright,
}) => {
  const anonymous = await playwright.request.newContext();
  expect((await anonymous.get("/api/health")).status()).toBe(200);
  const ready = await anonymous.get("/api/ready");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ ok: true, checks: { database: "ok", migrations: "ok" } });

  // some traffic: a page, a sent message (over the socket), a webhook post with its secret in the URL
  const page = await newPage(browser);
  await new AuthPage(page).registerFresh(newUser("Operator"));
  await new Sidebar(page).createCommunity(unique("Metrics "));
  await new ChannelView(page).send("measured");
  const settings = await new Sidebar(page).editChannel("general");
  await settings.getByLabel("Webhook name").fill("Probe");
  await settings.getByRole("button", { name: "Create webhook" }).click();
  const url = await settings.getByRole("textbox", { name: "Webhook URL" }).inputValue();
  expect((await anonymous.post(url, { data: { content: "from the probe" } })).status()).toBe(200);
  const secret = url.split("/").pop()!;

  expect((await anonymous.get("/metrics")).status()).toBe(401);
  expect((await anonymous.get("/metrics", { headers: { authorization: "Bearer wrong" } })).status()).toBe(401);
  const scraped = await anonymous.get("/metrics", { headers: { authorization: "Bearer e2e-metrics-token" } });
  expect(scraped.status()).toBe(200);
  const text = await scraped.text();
  for (const line of [
    /^chat_http_requests_total\{route="\/api\/health",status="200"\} \d+/m,
    /^chat_http_requests_total\{route="\/api\/webhooks\/:id\/:token",status="200"\} \d+/m,
    /^chat_http_requests_total\{route="\/c\/:id\/:id",status="200"\} \d+/m,
    /^chat_socket_connections \d+/m,
    /^chat_socket_events_total\{event="message:send",outcome="ok"\} \d+/m,
    /^chat_send_duration_seconds_count \d+/m,
    /^chat_messages_total \d+/m,
    /^chat_db_pool_connections\{state="in_use"\} \d+/m,
    /^chat_db_pool_connections\{state="waiting"\} \d+/m,
    /^nodejs_eventloop_lag_seconds [\d.e-]+/m,
    /^chat_monthly_deliveries\{kind="used"\} \d+/m,
    /^chat_monthly_deliveries\{kind="quota"\} \d+/m,
  ])
    expect(text).toMatch(line);
  expect(text).not.toContain(secret);
  expect(text).not.toMatch(/[0-9A-HJKMNP-TV-Z]{26}/); // no id in any label
  await anonymous.dispose();
});
