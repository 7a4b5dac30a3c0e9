import fc from "fast-check";
import type { APIResponse } from "@playwright/test";
import { FRAGMENTS } from "../lib/testing/hostile";
import { expect, test } from "./fixtures/test";
import { newPage, newUser, unique } from "./fixtures/users";
import { AuthPage } from "./pages/auth-page";
import { ChannelView } from "./pages/channel-view";
import { Sidebar } from "./pages/sidebar";

/** Text a person could type or paste into a URL or a form: hostile fragments, plain characters, sometimes long. */
const hostileText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(
        fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 3 }), fc.fullUnicodeString({ maxLength: 3 })),
        { maxLength: 6 },
      )
      .map((parts) => parts.join("")),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("x".repeat(5_000), "\u0000".repeat(300), "\uD800".repeat(300), "9".repeat(400), ""),
  },
);
/** A fixed seed: the same requests every run (FUZZ_SEED picks others). */
const samples = (count: number) =>
  fc.sample(hostileText, { numRuns: count, seed: Number(process.env.FUZZ_SEED ?? 14) });

/** A refusal is fine; a server error is not: no 5xx, no 6001002 in a JSON answer. */
async function expectNoServerError(response: APIResponse, what: string) {
  expect.soft(response.status(), what).toBeLessThan(500);
  if ((response.headers()["content-type"] ?? "").includes("application/json")) {
    const body = await response.json().catch(() => null);
    expect.soft((body as { code?: number } | null)?.code, what).not.toBe(6001002);
  }
}

test("every route handler answers hostile path segments, query strings and form fields without a server error", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const page = await newPage(browser);
  await new AuthPage(page).registerFresh(newUser("Fuzz"));
  await new Sidebar(page).createCommunity(unique("Fuzz "));
  const [, , communityId, channelId] = new URL(page.url()).pathname.split("/");
  await new ChannelView(page).send("a message to point at");
  const messageId = await page.getByTestId("message").last().getAttribute("data-message-id");
  const api = page.request;
  const e = encodeURIComponent;

  const values = samples(40);
  for (const value of values) {
    const v = e(value);
    const gets = [
      `/api/channels/${v}/messages`,
      `/api/channels/${channelId}/messages?before=${v}&after=${v}&around=${v}&limit=${v}`,
      `/api/channels/${v}/pins`,
      `/api/channels/${v}/avatar`,
      `/api/communities/${v}/members?query=${v}`,
      `/api/communities/${communityId}/members?cursor=${v}&query=${v}&channelId=${v}&limit=${v}`,
      `/api/communities/${v}/search?query=${v}`,
      `/api/communities/${communityId}/search?query=${v}&fromUserId=${v}&channelId=${v}&has=${v}&before=${v}&after=${v}&cursor=${v}&limit=${v}`,
      `/api/attachments/${v}/${v}`,
      `/api/attachments/${messageId}/${v}`,
      `/api/files/${v}`,
      `/api/files/avatars/${v}`,
      `/api/auth/${v}`,
    ];
    for (const url of gets)
      await expectNoServerError(
        await api.get(url, { headers: { range: `bytes=${value.slice(0, 20).replace(/[^\x20-\x7e]/g, "")}` } }),
        `GET ${url}`,
      );

    const form = { nonce: value, caption: value, replyToId: value, kind: value, durationMs: value };
    await expectNoServerError(
      await api.post(`/api/channels/${channelId}/attachments`, {
        multipart: { ...form, file: { name: value || "x", mimeType: "image/png", buffer: Buffer.from(value || "x") } },
      }),
      `POST attachments ${JSON.stringify(value).slice(0, 80)}`,
    );
    await expectNoServerError(
      await api.post(`/api/channels/${v}/attachments`, { multipart: form }),
      `POST attachments to ${v.slice(0, 80)}`,
    );
    for (const url of [
      `/api/communities/${communityId}/avatar`,
      `/api/channels/${v}/avatar`,
      `/api/conversations/${v}/icon`,
      `/api/conversations/${communityId}/icon`,
      `/api/bots/${v}/avatar`,
    ]) {
      await expectNoServerError(
        await api.post(url, {
          multipart: { file: { name: value || "x", mimeType: "image/png", buffer: Buffer.from(value || "x") } },
        }),
        `POST ${url}`,
      );
    }
    // an incoming webhook URL: hostile ids, secrets and bodies
    for (const [url, data] of [
      [`/api/webhooks/${v}/${v}`, { content: value }],
      [`/api/webhooks/${communityId}/${v}`, { content: value, username: value, avatarUrl: value }],
    ] as const)
      await expectNoServerError(await api.post(url, { data }), `POST ${url}`);
  }

  // next-auth's own routes with hostile credentials: a refusal, never a 500
  const other = await browser.newContext(); // signed out
  for (const value of values.slice(0, 12)) {
    const { csrfToken } = await (await other.request.get("/api/auth/csrf")).json();
    const response = await other.request.post("/api/auth/callback/credentials", {
      form: { csrfToken, username: value, password: value, json: "true" },
    });
    await expectNoServerError(response, `sign-in as ${JSON.stringify(value).slice(0, 80)}`);
  }
  await other.close();
});
