import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { twoMembers } from "./fixtures/community";
import { hydrated, newPage, newUser, unique } from "./fixtures/users";
import { AuthPage } from "./pages/auth-page";
import { Sidebar } from "./pages/sidebar";
import { ChannelView } from "./pages/channel-view";
import { signInAsOperator } from "./fixtures/operator";

/** Sets one plan field through the console's form and waits for the save. */
async function setPlanField(page: Page, label: string, value: string) {
  await page.goto("/admin");
  const field = page.getByLabel(label);
  if ((await field.evaluate((element) => element.tagName)) === "SELECT") await field.selectOption(value);
  else await field.fill(value);
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByText("Plan saved. It applies at once.")).toBeVisible();
}

test("the admin console is a 404 for everyone but app administrators", async ({ browser }) => {
  // the operator exists first, so this user is not "the first account of an empty installation"
  await signInAsOperator(await newPage(browser));
  const page = await newPage(browser);
  await new AuthPage(page).registerFresh(newUser("Curious"));
  await expect(page.getByRole("link", { name: "Admin console" })).toHaveCount(0);
  for (const path of [
    "/admin",
    "/admin/usage",
    "/admin/billing",
    "/admin/billing?month=2026-01",
    "/admin/communities",
    "/admin/communities/01HZZZZZZZZZZZZZZZZZZZZZZZ",
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  }
});

test("an administrator lowers a limit and the product enforces it at once; the change is logged", async ({
  browser,
}) => {
  const page = await newPage(browser);
  await signInAsOperator(page);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1, name: "Admin console" })).toBeVisible();
  try {
    await setPlanField(page, "Community name length", "20");
    const log = page.getByRole("list", { name: "Plan changes" });
    await expect(log.getByRole("listitem").first()).toContainText("Community name length: 300 → 20");
    await expect(log.getByRole("listitem").first()).toContainText("@e2e_operator");
    await test.info().attach("plan", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

    // Creating a community with a 25-character name is refused with the plan's number
    await new Sidebar(page).rail().getByRole("button", { name: "Create a community" }).click();
    const dialog = page.getByRole("dialog", { name: "Create a community" });
    await dialog.getByLabel("Community name").fill("A name of 25 characters!!");
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog.getByText("Community name must be at most 20 characters.")).toBeVisible();
    await dialog.getByLabel("Community name").fill("Short enough");
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(new Sidebar(page).channels().getByRole("heading", { name: "Short enough" })).toBeVisible();
  } finally {
    await setPlanField(page, "Community name length", "300");
  }
});

test("an administrator disables a community: its members' view turns read-only at once, and back", async ({
  browser,
}) => {
  const { a, b } = await twoMembers(browser);
  const name = unique("Quiet ");
  await a.goto("/");
  await new Sidebar(a).createCommunity(name);
  const invite = await new Sidebar(a).createInviteLink();
  await b.goto(invite);
  await hydrated(b);
  await b.getByRole("button", { name: "Accept invite" }).click();
  await expect(b.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
  const bView = new ChannelView(b);
  await bView.send("before the switch");

  const admin = await newPage(browser);
  await signInAsOperator(admin);
  await admin.goto(`/admin/communities?q=${encodeURIComponent(name)}`);
  await admin.getByRole("table", { name: "Communities" }).getByRole("link", { name }).click();
  await admin.getByRole("button", { name: "Disable community" }).click();
  await expect(admin.getByText(/Disabled .* by @e2e_operator/)).toBeVisible();

  // B, in the community: a notice, a disabled composer, history still there
  await expect(b.getByTestId("community-disabled")).toBeVisible();
  await expect(bView.composer()).toBeDisabled();
  await expect(bView.message("before the switch")).toBeVisible();
  await test.info().attach("disabled community", { body: await b.screenshot(), contentType: "image/png" });

  await admin.getByRole("button", { name: "Enable community" }).click();
  await expect(b.getByTestId("community-disabled")).toHaveCount(0);
  await bView.send("after the switch");
});

test("the usage dashboard and the billing view show real figures: today's messages, and the month billed at its highest setting", async ({
  browser,
}) => {
  const { aView } = await twoMembers(browser);
  const admin = await newPage(browser);
  await signInAsOperator(admin);
  const today = async (chart: string) => {
    await admin.goto("/admin/usage");
    return Number((await admin.getByTestId(`chart-${chart}`).textContent())?.replace(/,/g, ""));
  };
  const [messagesBefore, deliveriesBefore] = [await today("Messages per day"), await today("Deliveries per day")];

  // three sends, each delivered to the one other member: exactly +3 messages and +3 deliveries today
  const sent = ["usage one", "usage two", "usage three"];
  await aView.sendMany(sent);
  for (const text of sent) await expect(aView.message(text)).toHaveAttribute("data-status", "sent");
  expect(await today("Messages per day")).toBe(messagesBefore + 3);
  expect(await today("Deliveries per day")).toBe(deliveriesBefore + 3);
  await expect(admin.getByTestId("quota-used")).toContainText("of 200,000,000");
  await test.info().attach("usage", { body: await admin.screenshot({ fullPage: true }), contentType: "image/png" });

  // Channels raised to 300 then back to 100 within the month: the month is billed at 300 (2 × ¥3,000 / ¥9,000)
  try {
    await setPlanField(admin, "Channels per community", "300");
  } finally {
    await setPlanField(admin, "Channels per community", "100");
  }
  await admin.goto("/admin/billing");
  const bill = admin.getByRole("table", { name: /^Bill for / });
  await expect(bill.getByRole("row", { name: /\+100 channels per community/ })).toContainText("¥6,000");
  await expect(bill.getByRole("row", { name: /\+100 channels per community/ })).toContainText("¥18,000");
  await expect(admin.getByTestId("total-domestic")).toHaveText("¥6,000");
  await test.info().attach("billing", { body: await admin.screenshot({ fullPage: true }), contentType: "image/png" });
});
