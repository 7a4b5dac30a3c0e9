"use server";

import { requireActor } from "../auth";
import { acceptInvitation, declineInvitation, listMyInvitations } from "../domain/invitations";
import { toResult } from "../errors";
import type { InvitationListInput, InvitationRefInput } from "../schemas/invitations";

// Thin adapters: session → domain → result shape. The domain decides who may see or answer what.

export async function listMyInvitationsAction(input: InvitationListInput = {}) {
  return toResult(async () => listMyInvitations(await requireActor(), input));
}

export async function acceptInvitationAction(input: InvitationRefInput) {
  return toResult(async () => acceptInvitation(await requireActor(), input));
}

export async function declineInvitationAction(input: InvitationRefInput) {
  return toResult(async () => declineInvitation(await requireActor(), input));
}
