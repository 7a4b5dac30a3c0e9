import http from "node:http";
import sharp from "sharp";
import { expect, test } from "./fixtures/test";
import { twoMembers } from "./fixtures/community";
import { hydrated } from "./fixtures/users";
import type { ChannelView } from "./pages/channel-view";

/** Hovers a message and returns one of its toolbar buttons. */
async function toolbarButton(view: ChannelView, text: string, name: string) {
  const message = view.message(text);
  await message.hover();
  return message.getByRole("button", { name, exact: true });
}

test("reply to an old message, then jump to it from a page that does not hold it, and back to the present", async ({
  browser,
}) => {
  const { a, b, aView, bView } = await twoMembers(browser);
  await aView.send("the original question");
  await aView.sendMany(Array.from({ length: 55 }, (_, i) => `filler ${i}`));

  // A reloads (the newest 50 are loaded), scrolls up until the original appears, and replies to it
  await a.reload();
  await hydrated(a);
  const original = a.getByRole("article", { name: "Owner: the original question" });
  // the pointer rests on the list as a person's would (hovering an off-screen row would scroll the page itself)
  await a.getByTestId("virtuoso-scroller").hover();
  await expect(async () => {
    await a.mouse.wheel(0, -4000);
    await expect(original).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await (await toolbarButton(aView, "the original question", "Reply")).click();
  await expect(a.getByTestId("reply-bar")).toContainText("Replying to Owner");
  await aView.send("answering the original");
  await expect(aView.message("answering the original")).toContainText("the original question");

  // B reloads: the reply is on the newest page with its quote, the original is not loaded
  await b.reload();
  await hydrated(b);
  await expect(bView.message("answering the original")).toBeInViewport({ ratio: 1 });
  // (the reply quotes its text, so the original is found by its own label)
  await expect(b.getByRole("article", { name: "Owner: the original question" })).toHaveCount(0);
  await bView
    .message("answering the original")
    .getByRole("button", { name: /^Jump to the message from @Owner/ })
    .click();
  const target = b.getByRole("article", { name: "Owner: the original question" });
  await expect(target).toBeVisible();
  await expect(target).toHaveAttribute("data-highlighted", "true");
  // history continues from there: newer pages load on scrolling down, up to the present
  const reply = b.getByRole("article", { name: "Owner: answering the original" });
  await b.getByTestId("virtuoso-scroller").hover();
  await expect(async () => {
    await b.mouse.wheel(0, 4000);
    await expect(reply).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await expect(b.getByRole("button", { name: /Jump to present/ })).toHaveCount(0);

  // Esc cancels a reply
  await (await toolbarButton(bView, "answering the original", "Reply")).click();
  await expect(b.getByTestId("reply-bar")).toBeVisible();
  await bView.composer().press("Escape");
  await expect(b.getByTestId("reply-bar")).toHaveCount(0);
});

test("reactions, pins and mentions, live in both browsers", async ({ browser }) => {
  const { a, b, bUser, aView, bView } = await twoMembers(browser);
  await bView.send("react to this");
  await aView.expectMessage("react to this");

  // B reacts with the quick picker; A sees the count and who reacted, and adds their own
  await (await toolbarButton(bView, "react to this", "Add reaction")).click();
  await b.getByRole("button", { name: "React with 🎉" }).click();
  const aReaction = aView.message("react to this").getByRole("button", { name: /^🎉 1/ });
  await expect(aReaction).toHaveAttribute("title", "Member reacted with 🎉");
  await expect(aReaction).toHaveAttribute("aria-pressed", "false");
  await aReaction.click();
  await expect(bView.message("react to this").getByRole("button", { name: /^🎉 2/ })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  // B takes theirs back
  await bView.message("react to this").getByRole("button", { name: /^🎉 2/ }).click();
  await expect(aView.message("react to this").getByRole("button", { name: /^🎉 1/ })).toHaveAttribute(
    "aria-pressed",
    "true",
  );

  // A (owner) pins B's message: a system message says so; B finds it in the pinned list and jumps
  await (await toolbarButton(aView, "react to this", "Pin message")).click();
  await expect(b.getByTestId("system-message").filter({ hasText: "Owner pinned a message" })).toBeVisible();
  await b.getByRole("button", { name: "Pinned messages" }).click();
  const pins = b.getByRole("dialog", { name: "Pinned messages" });
  await expect(pins.getByTestId("pinned-message")).toContainText("react to this");
  await pins.getByTestId("pinned-message").hover();
  await pins.getByRole("button", { name: "Jump" }).click();
  await expect(pins).toHaveCount(0);
  await expect(bView.message("react to this")).toHaveAttribute("data-highlighted", "true");
  // members have no pin button
  await bView.message("react to this").hover();
  await expect(bView.message("react to this").getByRole("button", { name: /pin message/i })).toHaveCount(0);

  // A mentions B through autocomplete: highlighted for B only
  await hydrated(a);
  await aView.composer().fill("hey @Mem");
  const option = a.getByRole("option", { name: new RegExp(bUser.username) });
  await expect(option).toBeVisible();
  await aView.composer().press("Enter");
  await expect(aView.composer()).toHaveValue(`hey @${bUser.username} `);
  await aView.composer().pressSequentially("look at this");
  await aView.composer().press("Enter");
  const mention = bView.message("look at this");
  await expect(mention).toHaveAttribute("data-mentions-me", "true");
  // shown by display name, the username in its tooltip
  await expect(mention.locator(".mention")).toHaveText(`@${bUser.displayName}`);
  await expect(mention.locator(".mention")).toHaveAttribute("title", `@${bUser.username}`);
  await expect(aView.message("look at this")).not.toHaveAttribute("data-mentions-me", "true");
  // pinned, the mention keeps the display name in the pinned list
  await (await toolbarButton(aView, "look at this", "Pin message")).click();
  await b.getByRole("button", { name: "Pinned messages" }).click();
  const pinnedMention = pins.getByTestId("pinned-message").filter({ hasText: "look at this" });
  await expect(pinnedMention.locator(".mention")).toHaveText(`@${bUser.displayName}`);
  await b.keyboard.press("Escape");
  await expect(pins).toHaveCount(0);
  // a member's @everyone does not ping anyone
  await bView.send("@everyone free pizza");
  await expect(aView.message("free pizza")).not.toHaveAttribute("data-mentions-me", "true");
});

test("an uploaded image is shown to the other member and opens full size; refused uploads say why", async ({
  browser,
}) => {
  const { a, b, bView } = await twoMembers(browser);
  const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#e67e22" } })
    .png()
    .toBuffer();
  await hydrated(a);
  await a.getByTestId("file-input").setInputFiles({ name: "sunset.png", mimeType: "image/png", buffer: png });
  const image = bView.messages().last().getByRole("img", { name: "sunset.png" });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(400); // the thumbnail
  await bView.messages().last().getByRole("button", { name: "Open image sunset.png" }).click();
  await expect.poll(() => b.getByTestId("image-full").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(640);
  await b.keyboard.press("Escape");
  await expect(b.getByTestId("image-full")).toHaveCount(0);

  // a script renamed to .png: refused, the failed upload offers retry and discard
  await a
    .getByTestId("file-input")
    .setInputFiles({ name: "cat.png", mimeType: "image/png", buffer: Buffer.from("<script>alert(1)</script>") });
  const failed = a.locator('[data-status="failed"]');
  await expect(failed).toContainText("“cat.png” is named like an image");
  await failed.getByRole("button", { name: "Discard" }).click();
  await expect(failed).toHaveCount(0);

  // a plain file downloads under its own name; path tricks in names are cleaned
  await a
    .getByTestId("file-input")
    .setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("meeting notes") });
  const file = bView.messages().last().getByTestId("file-attachment");
  await expect(file).toContainText("notes.txt");
  const download = b.waitForEvent("download");
  await file.getByRole("link", { name: "notes.txt", exact: true }).click();
  expect((await download).suggestedFilename()).toBe("notes.txt");

  // through the route: empty and path-trick names are answered with codes, never a 500
  const channelId = new URL(a.url()).pathname.split("/").at(-1)!;
  const post = (name: string, bytes: Buffer) =>
    a.request.post(`/api/channels/${channelId}/attachments`, {
      multipart: { nonce: `n-${Math.random()}`, file: { name, mimeType: "application/octet-stream", buffer: bytes } },
    });
  const empty = await post("empty.txt", Buffer.alloc(0));
  expect(empty.status()).toBe(400);
  expect(await empty.json()).toMatchObject({ ok: false, code: 6002042 });
  const oversize = await post("huge.bin", Buffer.alloc(25 * 1024 * 1024 + 1));
  expect(oversize.status()).toBe(413);
  expect(await oversize.json()).toMatchObject({ ok: false, code: 6002040, message: "Files can be at most 25 MB." });
  const large = await post("large.bin", Buffer.alloc(12 * 1024 * 1024, 0x41)); // above the 10 MB Next buffers for a proxy
  expect(await large.json()).toMatchObject({
    ok: true,
    data: { type: "FILE", attachment: { size: 12 * 1024 * 1024 } },
  });
  const tricky = await post("../../../etc/passwd", Buffer.from("root:x:0:0"));
  expect(await tricky.json()).toMatchObject({ ok: true, data: { type: "FILE", attachment: { fileName: "passwd" } } });
  // a body of undeclared size (chunked) is refused before it is read
  const cookie = (await a.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(new URL(`/api/channels/${channelId}/attachments`, a.url()), {
      method: "POST",
      headers: { cookie, "content-type": "multipart/form-data; boundary=x", "transfer-encoding": "chunked" },
    });
    request.on("response", (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
    request.write("--x\r\n");
    request.end();
  });
  expect(chunked.status).toBe(400);
  expect(JSON.parse(chunked.body)).toMatchObject({ ok: false, code: 6002001 });

  const outsider = await browser.newContext();
  const refused = await outsider.request.get(new URL((await tricky.json()).data.attachment.url, a.url()).toString());
  expect(refused.status()).toBe(401);
  await outsider.close();
});

test("an upload shows its progress, then the message", async ({ browser }) => {
  const { a, aView, bView } = await twoMembers(browser);
  await hydrated(a);
  // a slow uplink (2 MB/s) so the progress bar is seen moving
  const cdp = await a.context().newCDPSession(a);
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 2 * 1024 * 1024,
  });
  await a.getByTestId("file-input").setInputFiles({
    name: "archive.bin",
    mimeType: "application/octet-stream",
    buffer: Buffer.alloc(6 * 1024 * 1024, 0x42),
  });
  const progress = a.getByRole("progressbar", { name: "Uploading archive.bin" });
  await expect(progress).toBeVisible();
  await expect.poll(async () => Number(await progress.getAttribute("aria-valuenow"))).toBeGreaterThan(10);
  await expect(progress).toHaveCount(0, { timeout: 30_000 });
  await expect(aView.messages().last().getByTestId("file-attachment")).toContainText("archive.bin");
  await expect(bView.messages().last().getByTestId("file-attachment")).toContainText("6.0 MB");
});

test("a voice message recorded with the microphone plays for the other member", async ({ browser }) => {
  const { a, aView, bView } = await twoMembers(browser);
  await hydrated(a);
  await a.getByRole("button", { name: "Record a voice message" }).click();
  const stop = a.getByRole("button", { name: "Stop and send voice message" });
  await expect(stop).toBeVisible();
  await expect(a.getByText("0:01")).toBeVisible(); // recording for at least a second
  await stop.click();

  const voice = bView.messages().last().getByTestId("voice-message");
  await expect(voice).toBeVisible();
  await expect(voice).toContainText(/0:0[1-9]/);
  const audio = voice.locator("audio");
  await expect.poll(() => audio.evaluate((el: HTMLAudioElement) => el.readyState)).toBeGreaterThanOrEqual(1);
  await audio.evaluate((el: HTMLAudioElement) => el.play());
  await expect.poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime)).toBeGreaterThan(0);
  await expect(aView.messages().last().getByTestId("voice-message")).toBeVisible();
});
