import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { twoMembers } from "./fixtures/community";
import { signInAsOperator } from "./fixtures/operator";
import { hydrated, newPage } from "./fixtures/users";
import { SettingsPage } from "./pages/settings";
import { Sidebar } from "./pages/sidebar";

// axe-core on every page and panel, at desktop and phone sizes, in both themes: any serious or
// critical violation fails (WCAG 2.2 A/AA rules; colour contrast included).
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const screens = [
  { name: "desktop", viewport: { width: 1440, height: 900 }, touch: false },
  { name: "phone", viewport: { width: 390, height: 844 }, touch: true },
] as const;

class Audit {
  readonly found: string[] = [];
  constructor(readonly label: string) {}

  async check(page: Page, scene: string) {
    // nothing animating: a half-faded dialog would be measured mid-fade
    await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== "running"));
    const results = await new AxeBuilder({ page }).withTags(tags).analyze();
    for (const violation of results.violations) {
      if (violation.impact !== "serious" && violation.impact !== "critical") continue;
      const nodes = violation.nodes
        .slice(0, 4)
        .map((node) => `${node.target.join(" ")} (${node.failureSummary?.split("\n").slice(1, 2).join("").trim()})`);
      this.found.push(`${this.label} ${scene}: ${violation.id} ×${violation.nodes.length}: ${nodes.join(" | ")}`);
    }
  }
}

for (const theme of ["dark", "light"] as const) {
  for (const screen of screens) {
    test(`no serious accessibility violation: ${screen.name}, ${theme} theme`, async ({ browser, baseURL }) => {
      test.setTimeout(300_000);
      const audit = new Audit(`[${screen.name} ${theme}]`);
      const cookie = { name: "theme", value: theme, url: baseURL! };
      const options = { hasTouch: screen.touch };

      // signed out
      const visitor = await newPage(browser, { viewport: screen.viewport, ...options });
      await visitor.context().addCookies([cookie]);
      for (const path of ["/login", "/register"]) {
        await visitor.goto(path);
        await hydrated(visitor);
        await audit.check(visitor, path);
      }

      const { a, b, bUser } = await twoMembers(browser, (page) => page.context().addCookies([cookie]), options);
      await b.context().addCookies([cookie]);
      const link = await new Sidebar(a).createInviteLink();
      await visitor.goto(link);
      await hydrated(visitor);
      await audit.check(visitor, "invite (signed out)");

      // a conversation with the text people write
      const composer = a.getByRole("textbox", { name: /^Message #/ });
      await composer.fill(
        `**Welcome** @${bUser.username}, see [the guide](https://example.com) and \`npm test\`\n> quoted\n\`\`\`js\nconst answer = 42;\n\`\`\``,
      );
      await composer.press("Enter");
      await composer.fill("a question worth a thread");
      await composer.press("Enter");
      await composer.fill("see you all tomorrow");
      await composer.press("Enter");
      await expect(a.getByRole("article", { name: /see you all tomorrow$/ })).toHaveAttribute("data-status", "sent");
      const question = a.getByRole("article", { name: /a question worth a thread$/ });
      await expect(question).toHaveAttribute("data-status", "sent");
      if (screen.touch) {
        await question.tap();
        await a.getByTestId("message-actions").getByRole("button", { name: "Create thread" }).tap();
      } else {
        await question.hover();
        await question.getByRole("button", { name: "Create thread" }).click();
      }
      await expect(a.getByTestId("thread-panel")).toBeVisible();

      for (const page of [a, b]) await page.setViewportSize(screen.viewport);
      await a.goto(a.url().replace(/\?.*$/, ""));
      await hydrated(a);
      await audit.check(a, "channel");

      // a member's view, with the action sheet (phone) or the member dialog
      await b.reload();
      await hydrated(b);
      await audit.check(b, "channel as member");
      if (screen.touch) {
        await b.getByRole("article", { name: /see you all tomorrow$/ }).tap();
        await expect(b.getByTestId("message-actions")).toBeVisible();
        await audit.check(b, "message action sheet");
        await b.keyboard.press("Escape");
        await b.getByRole("button", { name: "Members", exact: true }).tap();
        await expect(b.getByTestId("member-drawer")).toBeVisible();
        await audit.check(b, "member drawer");
        await b.getByTestId("member-drawer").getByTestId("member").first().tap();
      } else {
        await b.getByTestId("member").first().click();
      }
      await expect(b.getByRole("dialog").last()).toBeVisible();
      await audit.check(b, "member dialog");
      await b.keyboard.press("Escape");

      // thread, threads list, pins, search
      await b.goto(b.url());
      await hydrated(b);
      await b.getByRole("button", { name: "Threads", exact: true }).click();
      await expect(b.getByTestId("thread-list")).toBeVisible();
      await audit.check(b, "threads list");
      await b.getByTestId("thread-list").getByText("a question worth a thread").first().click();
      await expect(b.getByTestId("thread-panel").getByRole("textbox", { name: "Reply in thread" })).toBeVisible();
      await audit.check(b, "thread");
      await b.goto(b.url().replace(/\?.*$/, ""));
      await hydrated(b);
      await b.getByRole("button", { name: "Pinned messages" }).click();
      await expect(b.getByRole("dialog", { name: "Pinned messages" })).toBeVisible();
      await audit.check(b, "pins");
      await b.keyboard.press("Escape");
      const search = b.getByRole("textbox", { name: "Search messages" });
      await b.getByRole("search").click();
      await search.fill("question");
      await search.press("Enter");
      await expect(b.getByTestId("search-result").first()).toBeVisible();
      await audit.check(b, "search");

      // the owner's settings
      const settings = new SettingsPage(a);
      await a.goto(a.url().replace(/^(.*\/c\/[^/]+).*$/, "$1/settings")); // on a phone the link is in the drawer
      for (const tab of [
        "Overview",
        "Members",
        "Invites",
        "Join requests",
        "Bans",
        "Bots",
        "Events",
        "Audit log",
      ] as const) {
        await settings.open(tab);
        await audit.check(a, `settings: ${tab}`);
      }
      for (const path of [
        "/discover",
        "/invitations",
        "/settings",
        "/settings/account",
        "/settings/privacy",
        "/settings/notifications",
        "/settings/appearance",
        "/settings/developer",
      ]) {
        await a.goto(path);
        await hydrated(a);
        await audit.check(a, path);
      }

      // direct messages: the home, New message, a conversation
      await a.goto("/dm");
      await hydrated(a);
      await audit.check(a, "/dm (none yet)");
      await a.getByRole("main").getByRole("button", { name: "New message" }).click();
      const newMessage = a.getByRole("dialog", { name: "New message" });
      await newMessage.getByLabel("Find people").fill(bUser.username);
      await newMessage.getByRole("checkbox", { name: new RegExp(bUser.displayName) }).click();
      await audit.check(a, "new message");
      await newMessage.getByRole("button", { name: "Message" }).click();
      await expect(a.getByRole("heading", { level: 1, name: bUser.displayName })).toBeVisible();
      const direct = a.getByRole("textbox", { name: /^Message @/ });
      await direct.fill("a private hello");
      await direct.press("Enter");
      await expect(a.getByRole("article", { name: /a private hello$/ })).toHaveAttribute("data-status", "sent");
      await audit.check(a, "direct conversation");
      await a.goto("/dm");
      await hydrated(a);
      await audit.check(a, "/dm");

      // the app administrators' console
      const operator = await newPage(browser, { viewport: screen.viewport, ...options });
      await operator.context().addCookies([cookie]);
      await signInAsOperator(operator);
      for (const path of ["/admin", "/admin/communities", "/admin/users", "/admin/usage", "/admin/billing"]) {
        await operator.goto(path);
        await hydrated(operator);
        await audit.check(operator, path);
      }

      expect(audit.found).toEqual([]);
    });
  }
}
