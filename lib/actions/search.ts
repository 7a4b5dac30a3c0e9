"use server";

import { requireActor } from "../auth";
import { listSearchableChannels } from "../domain/search";
import { toResult } from "../errors";

/** The channels the signed-in user can search in (those they can read), for the search panel's filter. */
export async function searchableChannelsAction(communityId: string) {
  return toResult(async () => listSearchableChannels(await requireActor(), communityId));
}
