import { randomBytes } from "node:crypto";
import { registerUser } from "../domain/users";
import { createCommunity } from "../domain/communities";
import { createInvite, acceptInvite } from "../domain/invites";
import type { Actor } from "../domain/actor";

/** Unique names so tests never collide on the shared database. */
export const unique = (prefix: string) => `${prefix}_${randomBytes(5).toString("hex")}`;

export async function makeUser(name = "user"): Promise<Actor & { username: string }> {
  const username = unique(name).toLowerCase().slice(0, 32);
  const user = await registerUser({ username, displayName: name, password: "correct-horse-9" });
  return { userId: user.id, username };
}

/** An owner with a fresh community; extra members join by invite link. */
export async function makeCommunity(memberCount = 0) {
  const owner = await makeUser("owner");
  const { community, generalChannelId } = await createCommunity(owner, { name: unique("Community") });
  const members: Actor[] = [];
  for (let i = 0; i < memberCount; i++) {
    const member = await makeUser(`member${i}`);
    const invite = await createInvite(owner, { communityId: community.id });
    await acceptInvite(member, invite.code);
    members.push(member);
  }
  return { owner, community, generalChannelId, members };
}

export const nonce = () => randomBytes(8).toString("hex");
