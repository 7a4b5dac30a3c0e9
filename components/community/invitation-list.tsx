"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Mail, Menu, Users } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CommunityIcon } from "@/components/ui/community-icon";
import { FormError } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { useSubmit } from "@/components/ui/use-submit";
import { acceptInvitationAction, declineInvitationAction } from "@/lib/actions/invitations";
import type { InvitationDTO } from "@/lib/dto";
import { useNav } from "@/components/shell/app-shell";

/**
 * The signed-in user's pending invitations by username: accept (and land in the community) or
 * decline. New ones arrive live (the rail's InvitationsRailLink refreshes this server-rendered list).
 */
export function InvitationList({
  invitations,
  nextCursor,
}: {
  invitations: InvitationDTO[];
  nextCursor: string | null;
}) {
  const router = useRouter();
  const { setOpen } = useNav();
  const { error, submit } = useSubmit();
  // which invitation is being answered, and how: only its buttons wait
  const [busy, setBusy] = useState<{ id: string; accept: boolean } | null>(null);
  const [answered, setAnswered] = useState<Set<string>>(new Set());
  const shown = invitations.filter((invitation) => !answered.has(invitation.id));

  const answer = async (invitation: InvitationDTO, accept: boolean) => {
    setBusy({ id: invitation.id, accept });
    try {
      if (accept) {
        await submit(
          () => acceptInvitationAction({ invitationId: invitation.id }),
          ({ community }) => {
            setAnswered((done) => new Set(done).add(invitation.id));
            toast.success(`Welcome to ${community.name}!`);
            router.push(`/c/${community.id}`);
            router.refresh();
          },
        );
      } else {
        await submit(
          () => declineInvitationAction({ invitationId: invitation.id }),
          () => {
            setAnswered((done) => new Set(done).add(invitation.id));
            toast.info(`Invitation to ${invitation.community.name} declined.`);
            router.refresh();
          },
        );
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    <main className="flex min-w-0 flex-1 flex-col overflow-y-auto bg-main">
      <header className="flex h-12 shrink-0 items-center gap-2 border-b border-line px-4 shadow-sm">
        <button
          type="button"
          className="rounded p-1 text-muted md:hidden"
          aria-label="Open navigation"
          onClick={() => setOpen(true)}
        >
          <Menu className="size-5" />
        </button>
        <Mail className="size-5 text-muted" aria-hidden />
        <h1 className="font-semibold text-strong">Invitations</h1>
      </header>
      <div className="mx-auto flex w-full max-w-2xl flex-col gap-3 p-6">
        <p className="text-sm text-muted">
          People who invited you by username. Nothing happens until you accept: declining tells nobody.
        </p>
        <FormError message={error} />
        {shown.length === 0 ? (
          <div className="flex flex-col items-center gap-2 rounded-lg bg-sidebar px-6 py-10 text-center">
            <Mail className="size-10 text-faint" aria-hidden />
            <p className="font-medium text-strong">No pending invitations</p>
            <p className="text-sm text-muted">
              When someone invites you to a community, it shows up here.{" "}
              <Link href="/discover" className="text-link hover:underline">
                Discover communities
              </Link>
            </p>
          </div>
        ) : (
          <ul aria-label="Pending invitations" className="flex flex-col gap-2">
            {shown.map((invitation) => {
              return (
                <li
                  key={invitation.id}
                  data-testid="invitation"
                  className="flex flex-wrap items-center gap-3 rounded-lg bg-sidebar p-4"
                >
                  <CommunityIcon
                    name={invitation.community.name}
                    avatarUrl={invitation.community.avatarUrl}
                    className="size-12 shrink-0 overflow-hidden rounded-2xl bg-accent"
                  />
                  <div className="min-w-0 flex-1 basis-48">
                    <h2 className="truncate font-semibold text-strong" title={invitation.community.name}>
                      {invitation.community.name}
                    </h2>
                    <p className="text-sm text-muted">
                      <span className="text-text">{invitation.inviter.displayName}</span> @{invitation.inviter.username}{" "}
                      invited you
                    </p>
                    <p className="flex items-center gap-1 text-xs text-faint">
                      <Users className="size-3" aria-hidden />{" "}
                      {invitation.community.memberCount.toLocaleString("en-US")}{" "}
                      {invitation.community.memberCount === 1 ? "member" : "members"} ·{" "}
                      <LocalTime iso={invitation.createdAt} />
                    </p>
                  </div>
                  <div className="flex w-full gap-2 sm:w-auto [&>*]:flex-1 sm:[&>*]:flex-none">
                    <Button
                      pending={busy?.id === invitation.id && busy.accept}
                      disabled={busy !== null}
                      onClick={() => answer(invitation, true)}
                      aria-label={`Accept the invitation to ${invitation.community.name}`}
                    >
                      Accept
                    </Button>
                    <Button
                      variant="ghost"
                      pending={busy?.id === invitation.id && !busy.accept}
                      disabled={busy !== null}
                      onClick={() => answer(invitation, false)}
                      aria-label={`Decline the invitation to ${invitation.community.name}`}
                    >
                      Decline
                    </Button>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        {nextCursor && (
          <Link
            className="text-sm text-link hover:underline"
            href={`/invitations?cursor=${encodeURIComponent(nextCursor)}`}
          >
            More invitations
          </Link>
        )}
      </div>
    </main>
  );
}
