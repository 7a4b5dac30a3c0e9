import { expect, test } from "./fixtures/test";
import { twoMembers } from "./fixtures/community";
import { ChannelView } from "./pages/channel-view";
import { Sidebar } from "./pages/sidebar";
import { ThreadPanel } from "./pages/thread-panel";

test("a thread opened from a message: live summary, replies both ways, unread on the followed thread, archive and lock", async ({
  browser,
}) => {
  const { a, b, aUser, aView } = await twoMembers(browser);
  const question = "Which database should we ship with?";
  const named = new RegExp(`^${question.replace("?", "\\?")}`); // the thread's name starts its accessible name
  await aView.send(question);

  // A opens a thread from the message: it is named after the message's first words
  await aView.message(question).hover();
  await aView.message(question).getByRole("button", { name: "Create thread" }).click();
  const aThread = new ThreadPanel(a);
  await expect(aThread.title()).toHaveText(question);
  await expect(a).toHaveURL(/[?&]thread=/);

  // B, viewing #general, sees the summary appear live and opens it
  const bSummary = new ChannelView(b).message(question).getByTestId("thread-summary");
  await expect(bSummary).toContainText("No replies yet");
  await bSummary.click();
  const bThread = new ThreadPanel(b);
  await expect(bThread.title()).toHaveText(question);
  await expect(bThread.panel().getByTestId("thread-starter")).toContainText(question);
  await bThread.reply("PostgreSQL, with PGlite for tests");
  // B now follows it (they posted): it is listed under #general, as the open one
  const bFollowed = new Sidebar(b)
    .channels()
    .getByRole("list", { name: "Followed threads in general" })
    .getByRole("link");
  await expect(bFollowed).toHaveAttribute("aria-current", "page");

  // A sees the reply in the thread and the count on the summary
  await expect(aThread.message("PostgreSQL, with PGlite for tests")).toBeInViewport({ ratio: 1 });
  await expect(aView.message(question).getByTestId("thread-reply-count")).toHaveText("1 reply");

  // A closes the thread; a new reply mentioning A makes A's followed thread (under #general) unread, with a mention badge
  await aThread.close();
  await expect(a).not.toHaveURL(/[?&]thread=/);
  await bThread.reply(`and Redis for several processes @${aUser.username}`, "and Redis for several processes @Owner");
  await expect(aView.message(question).getByTestId("thread-reply-count")).toHaveText("2 replies");
  const followed = new Sidebar(a)
    .channels()
    .getByRole("list", { name: "Followed threads in general" })
    .getByRole("link", { name: named });
  await expect(followed).toHaveAttribute("data-unread", "true");
  const aFollowedItem = new Sidebar(a)
    .channels()
    .getByRole("list", { name: "Followed threads in general" })
    .getByRole("listitem");
  await expect(aFollowedItem.getByTestId("thread-mention-badge")).toHaveText("1");
  await followed.click();
  await expect(aThread.message("and Redis for several processes")).toBeInViewport({ ratio: 1 });
  await expect(followed).not.toHaveAttribute("data-unread", "true");
  await expect(aFollowedItem.getByTestId("thread-mention-badge")).toHaveCount(0);
  // closed, the sidebar opens it again
  await aThread.close();
  await followed.click();
  await expect(aThread.title()).toHaveText(question);

  // The owner archives: B's open thread shows it archived; B's reply brings it back
  await aThread.choose("Archive thread");
  await expect(bThread.panel().getByLabel("Archived")).toBeVisible();
  await expect(bThread.panel().getByText("This thread is archived.")).toBeVisible();
  await bThread.reply("one more thing");
  await expect(bThread.panel().getByLabel("Archived")).toHaveCount(0);

  // The owner locks: B can no longer reply, A still can
  await aThread.choose("Lock thread");
  await expect(bThread.panel().getByLabel("Locked")).toBeVisible();
  await expect(bThread.composer()).toBeDisabled();
  await aThread.reply("Decision made, locking.");
  await expect(bThread.message("Decision made, locking.")).toBeInViewport({ ratio: 1 });
  // reading it in the open thread leaves nothing unread for B
  await expect(new Sidebar(b).rail().getByTestId("community-badge")).toHaveCount(0);
  await test.info().attach("thread panel", { body: await b.screenshot(), contentType: "image/png" });

  // The thread list shows it under Active, then under Archived once archived
  await aThread.choose("Archive thread");
  await a.getByRole("button", { name: "Threads", exact: true }).click();
  const list = a.getByTestId("thread-list");
  await expect(list.getByText("No active threads.", { exact: false })).toBeVisible();
  await list.getByRole("button", { name: "Archived" }).click();
  await expect(list.getByRole("button", { name: named })).toBeVisible();
  await test.info().attach("thread list", { body: await a.screenshot(), contentType: "image/png" });

  // From the list it opens again; on a phone-wide window it takes the whole screen; Esc closes it
  await list.getByRole("button", { name: named }).click();
  await expect(aThread.title()).toHaveText(question);
  await a.setViewportSize({ width: 400, height: 760 });
  await expect.poll(async () => (await aThread.panel().boundingBox())?.width).toBe(400);
  await test.info().attach("thread panel, narrow", { body: await a.screenshot(), contentType: "image/png" });
  await a.keyboard.press("Escape");
  await expect(aThread.panel()).toHaveCount(0);
});

test("a thread in a private channel stays invisible to a member without a seat", async ({ browser }) => {
  const { a, b, aView } = await twoMembers(browser);
  const generalUrl = b.url();
  await new Sidebar(a).createPrivateChannel("staff");
  await aView.send("staff only question");
  await aView.message("staff only question").hover();
  await aView.message("staff only question").getByRole("button", { name: "Create thread" }).click();
  const aThread = new ThreadPanel(a);
  await expect(aThread.title()).toHaveText("staff only question");
  await aThread.reply("secret staff reply");
  const threadUrl = a.url();

  // B follows the link: the page does not exist for them, and nothing of it is in their sidebar
  await b.goto(threadUrl);
  await expect(b.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  await expect(b.getByText("secret staff reply")).toHaveCount(0);
  await expect(b.getByText("staff only question")).toHaveCount(0);

  // the thread's id beside a channel B can read opens nothing either
  const threadId = new URL(threadUrl).searchParams.get("thread")!;
  await b.goto(`${generalUrl}?thread=${threadId}`);
  await expect(b.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
  await expect(b.getByTestId("thread-panel")).toHaveCount(0);
  await expect(b.getByText("secret staff reply")).toHaveCount(0);
});
