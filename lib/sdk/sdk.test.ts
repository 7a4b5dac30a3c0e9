import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sdkSources } from "../../scripts/generate-sdk";
import { handleApiRequest } from "../api/handler";
import { ErrorCode } from "../errors";
import { makeUser, unique } from "../testing/factories";
import { tokenFor } from "../testing/api-client";
import { ChatApiError, createChatClient } from "./client";

/** The SDK against the real /api/v1 handler (no server: its fetch calls the handler). */
const clientFor = (token: string) =>
  createChatClient({
    baseUrl: "http://localhost:3000/",
    token,
    fetch: (url, init) => handleApiRequest(new Request(url, init)),
  });

describe("the TypeScript SDK", () => {
  it("is generated from the current OpenAPI document (run scripts/generate-sdk.ts after changing a route)", async () => {
    for (const [file, source] of Object.entries(await sdkSources()))
      expect(fs.readFileSync(path.resolve(file), "utf8"), file).toBe(source);
  });

  it("has a method for each operation, named as an SDK user expects, that answers the data", async () => {
    const owner = await makeUser("sdk");
    const client = clientFor(await tokenFor(owner));
    const { community, generalChannelId } = await client.createCommunity({ name: unique("SDK") });
    const sent = await client.sendChannelMessage({ channelId: generalChannelId, content: "from the SDK", nonce: "s1" });
    expect(sent).toMatchObject({ content: "from the SDK", author: { id: owner.userId } });
    const page = await client.queryChannelMessageHistory({ channelId: generalChannelId, limit: 10 });
    expect(page.messages.map((message) => message.id)).toContain(sent.id);
    const members = await client.queryCommunityMemberList({ communityId: community.id });
    expect(members.members.map((member) => member.id)).toEqual([owner.userId]);
    const nobody = client.inviteUsersIntoCommunity({ communityId: community.id, usernames: ["nobody_here"] });
    await expect(nobody).rejects.toMatchObject({ status: 404, code: ErrorCode.INVITED_USERS_NOT_FOUND });
  });

  it("throws ChatApiError with SPEC's code, the status and the message", async () => {
    const client = clientFor(await tokenFor(await makeUser("sdk"), "READ"));
    const refusal = await client.createCommunity({ name: "nope" }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ChatApiError);
    expect(refusal).toMatchObject({
      status: 403,
      code: ErrorCode.TOKEN_READ_ONLY,
      message: "This token may only read.",
    });
    const unknown = await client.getCommunity({ communityId: "01ARZ3NDEKTSV4RRFFQ69G5FAV" }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 404, code: ErrorCode.COMMUNITY_NOT_FOUND });
    const revoked = await clientFor("cct_not-a-token")
      .getMe()
      .catch((error: unknown) => error);
    expect(revoked).toMatchObject({ status: 401, code: ErrorCode.UNAUTHENTICATED });
  });
});
