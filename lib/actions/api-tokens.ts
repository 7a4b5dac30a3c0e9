"use server";

import { requireActor } from "../auth";
import { createApiToken, listApiTokens, revokeApiToken } from "../domain/api-tokens";
import { toResult } from "../errors";
import type { CreateApiTokenInput } from "../schemas/api-token";

export async function createApiTokenAction(input: CreateApiTokenInput) {
  return toResult(async () => createApiToken(await requireActor(), input));
}

export async function listApiTokensAction() {
  return toResult(async () => listApiTokens(await requireActor()));
}

export async function revokeApiTokenAction(input: { tokenId: string }) {
  return toResult(async () => revokeApiToken(await requireActor(), input));
}
