import type { Metadata } from "next";
import { InvitationList } from "@/components/community/invitation-list";
import { listMyInvitations } from "@/lib/domain/invitations";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parseSearchParams } from "@/lib/queries/page-params";
import { invitationListSchema } from "@/lib/schemas/invitations";

export const metadata: Metadata = { title: "Invitations" };

/** The signed-in user's pending invitations by username, newest first. */
export default async function InvitationsPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string | string[] }>;
}) {
  const { cursor } = await parseSearchParams(searchParams, { cursor: invitationListSchema.shape.cursor });
  const me = await requirePageUser("/invitations");
  const { invitations, nextCursor } = await readOrNotFound(() =>
    listMyInvitations({ userId: me.id }, { cursor, limit: 50 }),
  );
  return <InvitationList invitations={invitations} nextCursor={nextCursor} />;
}
