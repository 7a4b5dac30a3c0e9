import { spawn, type ChildProcess } from "node:child_process";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { hydrated, newPage, newUser, unique } from "./fixtures/users";
import { AuthPage } from "./pages/auth-page";
import { ChannelView } from "./pages/channel-view";
import { Sidebar } from "./pages/sidebar";

const running: ChildProcess[] = [];
test.afterEach(() => {
  for (const bot of running.splice(0)) bot.kill();
});

/** examples/echo-bot as a person would run it (README), resolved once it says it is listening. */
async function startEchoBot(baseURL: string, token: string) {
  const bot = spawn(process.execPath, ["--import", "tsx", "examples/echo-bot/index.ts"], {
    env: { ...process.env, CHAT_URL: baseURL, CHAT_TOKEN: token },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(bot);
  let output = "";
  await new Promise<void>((resolve, reject) => {
    bot.stdout!.on("data", (chunk: Buffer) => {
      output += chunk;
      if (output.includes("listening")) resolve();
    });
    bot.stderr!.on("data", (chunk: Buffer) => (output += chunk));
    bot.once("exit", (code) => reject(new Error(`echo-bot exited (${code}): ${output}`)));
  });
}

async function addBot(page: Page, communityUrl: string, name: string) {
  await page.goto(`${communityUrl.replace(/\/[^/]+$/, "")}/settings/bots`);
  await hydrated(page);
  await expect(page.getByText("This community has no bots yet.")).toBeVisible();
  const form = page.getByRole("form", { name: "New bot" });
  await form.getByLabel("Bot name").fill(name);
  await form.getByRole("button", { name: "Add bot" }).click();
  const token = page.getByRole("textbox", { name: "Bot token" });
  await expect(token).toHaveValue(/^cct_/);
  await expect(page.getByRole("list", { name: "Bots" }).getByRole("listitem")).toContainText(name);
  return token.inputValue();
}

test("the example bot: a person types !ping and sees pong; a newcomer is welcomed; the bot shows as BOT", async ({
  browser,
  baseURL,
}) => {
  const owner = await newPage(browser, { viewport: { width: 1440, height: 900 } });
  await new AuthPage(owner).registerFresh(newUser("Owner"));
  await new Sidebar(owner).createCommunity(unique("Bots "));
  const general = owner.url();
  const link = await new Sidebar(owner).createInviteLink();
  const token = await addBot(owner, general, "Echo");
  await owner.screenshot({ path: test.info().outputPath("bots-settings.png") });
  await startEchoBot(baseURL!, token);

  const phone = await newPage(browser, { viewport: { width: 390, height: 844 }, hasTouch: true });
  const guest = newUser("Guest");
  await new AuthPage(phone).registerFresh(guest);
  await owner.goto(general);
  await hydrated(owner);
  await phone.goto(link);
  await hydrated(phone);
  await phone.getByRole("button", { name: "Accept invite" }).click();
  await expect(phone).toHaveURL(general);

  // the newcomer is welcomed, on both screens
  const ownerView = new ChannelView(owner);
  const phoneView = new ChannelView(phone);
  await ownerView.expectMessage(`Welcome, ${guest.displayName}!`);
  await phoneView.expectMessage(`Welcome, ${guest.displayName}!`);

  await phoneView.send("!ping");
  await phoneView.expectMessage(/^pong$|pong/);
  await ownerView.expectMessage(/pong/);
  const answer = ownerView.message(/pong/);
  await expect(answer).toContainText("Echo");
  await expect(answer.getByText("Bot", { exact: true })).toBeVisible();
  await owner.screenshot({ path: test.info().outputPath("bot-answer-desktop.png") });
  await phone.screenshot({ path: test.info().outputPath("bot-answer-phone.png") });
});

test("a bot's creator adds it to another community they own, and revokes its token", async ({ browser, request }) => {
  const owner = await newPage(browser, { viewport: { width: 1440, height: 900 } });
  await new AuthPage(owner).registerFresh(newUser("Owner"));
  await new Sidebar(owner).createCommunity(unique("Home "));
  const token = await addBot(owner, owner.url(), "Roamer");

  // a second community: the bot is offered there, and joins as a Member
  await owner.goto("/");
  await new Sidebar(owner).createCommunity(unique("Away "));
  const away = owner.url();
  await owner.goto(`${away.replace(/\/[^/]+$/, "")}/settings/bots`);
  await hydrated(owner);
  const form = owner.getByRole("form", { name: "Add a bot you made" });
  await expect(form.getByLabel("Your bot")).toHaveValue(/.+/);
  await form.getByRole("button", { name: "Add to this community" }).click();
  await expect(owner.getByText("Roamer joined this community")).toBeVisible();
  const row = owner.getByRole("list", { name: "Bots" }).getByRole("listitem");
  await expect(row).toContainText("Roamer");
  await expect(form).toHaveCount(0); // nothing more of one's own to add here

  // its token works, and stops once revoked
  const me = () => request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect((await me()).status()).toBe(200);
  await row.getByRole("button", { name: "Revoke the token of Roamer" }).click();
  await expect(owner.getByText("Roamer's token is revoked")).toBeVisible();
  await expect(row).toContainText("no token");
  expect((await me()).status()).toBe(401);
});
