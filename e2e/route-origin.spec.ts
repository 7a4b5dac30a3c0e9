import { expect, test } from "./fixtures/test";
import { newPage, newUser, unique } from "./fixtures/users";
import { AuthPage } from "./pages/auth-page";
import { ChannelView } from "./pages/channel-view";
import { Sidebar } from "./pages/sidebar";

// A page of another origin (here a same-site page on another port) cannot make a signed-in user's
// browser post to the route handlers: 403 with "no permission", and nothing is stored.
test("route handlers refuse a state-changing request sent from another origin, with the user's cookie", async ({
  browser,
}) => {
  const page = await newPage(browser);
  await new AuthPage(page).registerFresh(newUser("Owner"));
  await new Sidebar(page).createCommunity(unique("Origins "));
  const [, , communityId, channelId] = new URL(page.url()).pathname.split("/");
  const ownOrigin = new URL(page.url()).origin;
  const foreignOrigin = "http://localhost:1";

  const postAttachment = (origin: string, name: string) =>
    page.request.post(`/api/channels/${channelId}/attachments`, {
      headers: { Origin: origin },
      multipart: {
        nonce: unique("n-"),
        file: { name, mimeType: "text/plain", buffer: Buffer.from(`the bytes of ${name}`) },
      },
    });

  const refused = await postAttachment(foreignOrigin, "refused.txt");
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toMatchObject({
    ok: false,
    code: 6001007,
    message: expect.stringContaining("another site"),
  });

  const accepted = await postAttachment(ownOrigin, "accepted.txt");
  expect(accepted.status()).toBe(200);
  expect(await accepted.json()).toMatchObject({
    ok: true,
    data: { type: "FILE", attachment: { fileName: "accepted.txt" } },
  });

  // what the user sees: the accepted file arrives, the refused one never does
  const view = new ChannelView(page);
  await expect(view.message("accepted.txt")).toHaveCount(1);
  await expect(view.message("refused.txt")).toHaveCount(0);

  // the avatar uploads and next-auth's POSTs are refused the same way, before anything is read
  for (const url of [
    `/api/communities/${communityId}/avatar`,
    `/api/channels/${channelId}/avatar`,
    `/api/conversations/${communityId}/icon`,
    `/api/bots/${communityId}/avatar`,
  ]) {
    const avatar = await page.request.post(url, {
      headers: { Origin: foreignOrigin },
      multipart: { avatar: { name: "a.png", mimeType: "image/png", buffer: Buffer.from("not read") } },
    });
    expect(avatar.status(), url).toBe(403);
    expect(await avatar.json()).toMatchObject({ ok: false, code: 6001007 });
  }
  const signOut = await page.request.post("/api/auth/signout", {
    headers: { Origin: foreignOrigin },
    form: { csrfToken: "x" },
  });
  expect(signOut.status()).toBe(403);
  expect(await signOut.json()).toMatchObject({ ok: false, code: 6001007 });
});
