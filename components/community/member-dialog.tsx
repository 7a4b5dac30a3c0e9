"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { MessageCircle } from "lucide-react";
import { toast } from "sonner";
import { useBlocks } from "@/components/realtime/read-state-provider";
import { MessageText } from "@/components/message/message-text";
import { ownPresence, shownCustomStatus, useMyStatus } from "@/components/realtime/my-status";
import { PresenceDot, usePresence } from "@/components/realtime/presence";
import { BotBadge } from "@/components/ui/bot-badge";
import { Avatar } from "@/components/ui/avatar";
import { CommunityIcon } from "@/components/ui/community-icon";
import { LocalTime } from "@/components/ui/local-time";
import { Button, Spinner } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, TextAreaField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import {
  banAction,
  kickAction,
  leaveCommunityAction,
  muteAction,
  setRoleAction,
  transferOwnershipAction,
  unmuteAction,
} from "@/lib/actions/moderation";
import type { MemberDTO, PresenceStatus, ProfileDTO, Role } from "@/lib/dto";
import type { Result } from "@/lib/errors";
import { useConversations } from "@/components/direct/conversations-provider";
import { openDirectConversationAction } from "@/lib/actions/conversations";
import { conversationPath } from "@/lib/conversation-title";
import { formatUntil } from "./format-until";

const rank: Record<Role, number> = { OWNER: 3, ADMIN: 2, MEMBER: 1 };

export const muteDurations: Array<[label: string, seconds: number | null]> = [
  ["1 minute", 60],
  ["10 minutes", 600],
  ["1 hour", 3600],
  ["1 day", 86_400],
  ["1 week", 7 * 86_400],
  ["30 days", 30 * 86_400],
  ["Permanently", null],
];

type Confirm = "kick" | "ban" | "transfer" | "leave" | null;

/** Whose card to open: a member already loaded, a user by id (a name clicked), or by username (a mention). */
export type ProfileTarget = { member: MemberDTO } | { userId: string } | { username: string };

function profileUrl(communityId: string, target: ProfileTarget) {
  const query = new URLSearchParams({ communityId });
  if ("member" in target) query.set("userId", target.member.id);
  else if ("userId" in target) query.set("userId", target.userId);
  else query.set("username", target.username);
  return `/api/profile?${query}`;
}

/**
 * A person's card: avatar, status, names, pronouns, custom status, about me, their role and join
 * date in this community, the communities shared with the viewer; then what the viewer may do to
 * them (the server decides again).
 */
export function MemberDialog({
  communityId,
  channelId,
  target,
  me,
  myRole,
  onClose,
}: {
  communityId: string;
  channelId?: string;
  target: ProfileTarget;
  me: string;
  myRole: Role;
  onClose: () => void;
}) {
  const [profile, setProfile] = useState<ProfileDTO | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const url = profileUrl(communityId, target);
  useEffect(() => {
    let current = true;
    fetch(url, { cache: "no-store" })
      .then((response) => response.json() as Promise<Result<ProfileDTO>>)
      .then((result) => {
        if (!current) return;
        if (result.ok) setProfile(result.data);
        else setFailure(result.message);
      })
      .catch(() => current && setFailure("Could not load this profile. Check your connection and try again."));
    return () => {
      current = false;
    };
  }, [url]);
  const known = "member" in target ? target.member : null;
  const member = profile ? profile.member : known;
  const name = profile?.displayName ?? known?.displayName ?? "Profile";
  const presence = usePresence(communityId, member ? [member.id] : []);
  const { status: myStatus } = useMyStatus();
  const status = member ? (member.id === me ? ownPresence(myStatus) : presence.get(member.id)) : undefined;
  // a direct or group conversation: no roles, no moderation
  const inConversation = useConversations().ids.has(communityId);
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={name}
      description={profile?.deleted ? undefined : `@${profile?.username ?? known?.username ?? ""}`}
    >
      <div className="flex flex-col gap-4" data-testid="profile-card">
        {failure && <FormError message={failure} />}
        {!profile && !failure && !known && (
          <div className="flex justify-center py-6">
            <Spinner className="text-muted" />
          </div>
        )}
        {(profile || known) && (
          <ProfileHeader
            profile={profile}
            member={member}
            fallback={known!}
            status={status}
            communityId={communityId}
            inConversation={inConversation}
          />
        )}
        {(profile || known) && (profile?.id ?? known?.id) !== me && !profile?.deleted && (
          <MessageButton userId={(profile?.id ?? known?.id)!} onOpened={onClose} />
        )}
        {inConversation ? (
          profile &&
          !profile.deleted &&
          profile.id !== me && <BlockButton userId={profile.id} displayName={profile.displayName} />
        ) : member ? (
          <MemberActions
            communityId={communityId}
            channelId={channelId}
            member={member}
            me={me}
            myRole={myRole}
            onClose={onClose}
          />
        ) : (
          profile &&
          !profile.deleted &&
          profile.id !== me && <BlockButton userId={profile.id} displayName={profile.displayName} />
        )}
      </div>
    </Dialog>
  );
}

function ProfileHeader({
  profile,
  member,
  fallback,
  status,
  communityId,
  inConversation,
}: {
  profile: ProfileDTO | null;
  member: MemberDTO | null;
  fallback: MemberDTO;
  status: PresenceStatus | undefined;
  communityId: string;
  inConversation: boolean;
}) {
  const person = profile ?? fallback;
  const custom = shownCustomStatus(profile ? profile.customStatus : fallback.customStatus);
  const shared = profile?.sharedCommunities.filter((community) => community.id !== communityId) ?? [];
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-3">
        <span className="relative shrink-0">
          <Avatar name={person.displayName} seed={person.id} src={person.avatarUrl} size={64} />
          {status && <PresenceDot status={status} className="size-5 border-main" />}
        </span>
        <div className="min-w-0 text-sm text-muted">
          {person?.bot && <BotBadge />}
          {profile?.pronouns && <div className="text-text">{profile.pronouns}</div>}
          {custom && <div data-testid="profile-custom-status">{custom}</div>}
          {member && !inConversation && (
            <>
              <div>
                Role: <span className="text-text">{member.role.charAt(0) + member.role.slice(1).toLowerCase()}</span>
              </div>
              <div>
                Member since <LocalTime iso={member.joinedAt} dateOnly />
              </div>
              {member.mutedUntil && <div className="text-danger">Muted {formatUntil(member.mutedUntil)}</div>}
            </>
          )}
          {profile && !profile.deleted && !member && !inConversation && <div>Not a member of this community</div>}
        </div>
      </div>
      {profile?.aboutMe && (
        <section aria-label="About me" className="rounded bg-rail p-3 text-sm">
          <h3 className="mb-1 text-xs font-bold uppercase tracking-wide text-muted">About me</h3>
          <MessageText content={profile.aboutMe} mentions={[]} mentionsEveryone={false} />
        </section>
      )}
      {shared.length > 0 && (
        <section aria-label="Shared communities" className="text-sm">
          <h3 className="mb-1 text-xs font-bold uppercase tracking-wide text-muted">
            {inConversation
              ? `${shared.length} ${shared.length === 1 ? "community" : "communities"} in common`
              : shared.length === 1
                ? "1 other community in common"
                : `${shared.length} other communities in common`}
          </h3>
          <ul className="flex flex-wrap gap-2">
            {shared.map((community) => (
              <li key={community.id}>
                <Link
                  href={`/c/${community.id}`}
                  className="flex items-center gap-1.5 rounded bg-rail px-2 py-1 text-text hover:bg-hover"
                >
                  <CommunityIcon
                    name={community.name}
                    avatarUrl={community.avatarUrl}
                    className="size-5 rounded-md bg-accent text-[9px]"
                  />
                  <span className="max-w-40 truncate">{community.name}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** What the viewer may do to a member of this community (or, to themselves: leave). */
function MemberActions({
  communityId,
  channelId,
  member,
  me,
  myRole,
  onClose,
}: {
  communityId: string;
  channelId?: string;
  member: MemberDTO;
  me: string;
  myRole: Role;
  onClose: () => void;
}) {
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [reason, setReason] = useState("");
  const [duration, setDuration] = useState("3600");
  const [scope, setScope] = useState<"community" | "channel">("community");
  const { pending, error, submit } = useSubmit();
  const self = member.id === me;
  const canModerate = !self && (myRole === "OWNER" || myRole === "ADMIN") && rank[member.role] < rank[myRole];
  const isOwner = myRole === "OWNER";

  const act = (run: () => Promise<Result<unknown>>, done: string) =>
    submit(
      async () => {
        const result = await run();
        // batch calls answer per user: surface this user's failure
        if (result.ok && result.data && typeof result.data === "object" && "results" in result.data) {
          const [first] = (result.data as { results: Array<{ ok: boolean; code?: number; message?: string }> }).results;
          if (first && !first.ok)
            return { ok: false as const, code: first.code ?? 0, message: first.message ?? "Not done." };
        }
        return result;
      },
      () => {
        toast.success(done);
        onClose();
      },
    );

  const confirmTexts: Record<Exclude<Confirm, null>, { title: string; button: string; run: () => Promise<unknown> }> = {
    kick: {
      title: `Remove ${member.displayName} from the community? They can rejoin with an invite.`,
      button: "Kick",
      run: () =>
        act(() => kickAction({ communityId, userIds: [member.id], reason }), `${member.displayName} was removed.`),
    },
    ban: {
      title: `Ban ${member.displayName}? They are removed and cannot come back until unbanned.`,
      button: "Ban",
      run: () => act(() => banAction({ communityId, userId: member.id, reason }), `${member.displayName} was banned.`),
    },
    transfer: {
      title: `Make ${member.displayName} the owner? You will become an admin; this cannot be undone by you.`,
      button: "Transfer ownership",
      run: () =>
        act(
          () => transferOwnershipAction({ communityId, userId: member.id }),
          `${member.displayName} now owns the community.`,
        ),
    },
    leave: {
      title: "Leave this community? You will need an invite or a request to come back.",
      button: "Leave",
      run: () => act(() => leaveCommunityAction(communityId), "You left the community."),
    },
  };

  return (
    <>
      <FormError message={error} />
      {confirm ? (
        <div className="flex flex-col gap-3 rounded bg-rail p-3">
          <p className="text-sm text-text">{confirmTexts[confirm].title}</p>
          {(confirm === "kick" || confirm === "ban") && (
            <TextAreaField
              label="Reason (optional, kept in the audit log)"
              name="reason"
              value={reason}
              maxLength={512}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={() => setConfirm(null)}>
              Cancel
            </Button>
            <Button variant="danger" pending={pending} onClick={() => confirmTexts[confirm].run()}>
              {confirmTexts[confirm].button}
            </Button>
          </div>
        </div>
      ) : (
        <div className="flex flex-col gap-3">
          {isOwner && !self && member.role !== "OWNER" && (
            <div className="flex flex-wrap gap-2">
              <Button
                variant="secondary"
                pending={pending}
                onClick={() =>
                  act(
                    () =>
                      setRoleAction({
                        communityId,
                        userId: member.id,
                        role: member.role === "ADMIN" ? "MEMBER" : "ADMIN",
                      }),
                    member.role === "ADMIN"
                      ? `${member.displayName} is a member again.`
                      : `${member.displayName} is now an admin.`,
                  )
                }
              >
                {member.role === "ADMIN" ? "Remove admin" : "Make admin"}
              </Button>
              <Button variant="secondary" onClick={() => setConfirm("transfer")}>
                Transfer ownership
              </Button>
            </div>
          )}
          {canModerate && (
            <>
              <div className="flex flex-wrap items-end gap-2">
                <label className="flex flex-col gap-1 text-xs font-bold uppercase tracking-wide text-muted">
                  Mute for
                  <select
                    value={duration}
                    onChange={(e) => setDuration(e.target.value)}
                    className="rounded bg-rail px-2 py-2 text-sm font-normal normal-case text-text"
                  >
                    {muteDurations.map(([label, seconds]) => (
                      <option key={label} value={seconds ?? "permanent"}>
                        {label}
                      </option>
                    ))}
                  </select>
                </label>
                {channelId && (
                  <label className="flex flex-col gap-1 text-xs font-bold uppercase tracking-wide text-muted">
                    In
                    <select
                      value={scope}
                      onChange={(e) => setScope(e.target.value as "community" | "channel")}
                      className="rounded bg-rail px-2 py-2 text-sm font-normal normal-case text-text"
                    >
                      <option value="community">The whole community</option>
                      <option value="channel">This channel only</option>
                    </select>
                  </label>
                )}
                <Button
                  variant="secondary"
                  pending={pending}
                  onClick={() =>
                    act(
                      () =>
                        muteAction({
                          communityId,
                          userId: member.id,
                          durationSeconds: duration === "permanent" ? null : Number(duration),
                          channelId: scope === "channel" ? channelId : undefined,
                        }),
                      `${member.displayName} is muted.`,
                    )
                  }
                >
                  Mute
                </Button>
                {member.mutedUntil && (
                  <Button
                    variant="ghost"
                    pending={pending}
                    onClick={() =>
                      act(
                        () => unmuteAction({ communityId, userId: member.id }),
                        `${member.displayName} can talk again.`,
                      )
                    }
                  >
                    Unmute
                  </Button>
                )}
              </div>
              <div className="flex flex-wrap gap-2">
                <Button variant="danger" onClick={() => setConfirm("kick")}>
                  Kick
                </Button>
                <Button variant="danger" onClick={() => setConfirm("ban")}>
                  Ban
                </Button>
              </div>
            </>
          )}
          {!self && <BlockButton userId={member.id} displayName={member.displayName} />}
          {self && myRole !== "OWNER" && (
            <Button variant="danger" onClick={() => setConfirm("leave")}>
              Leave community
            </Button>
          )}
          {self && myRole === "OWNER" && (
            <p className="text-sm text-muted">You own this community. Transfer ownership before you can leave it.</p>
          )}
        </div>
      )}
    </>
  );
}

/** Removes several members at once (≤ 100); reports who could not be removed and why. */
export function KickManyDialog({
  communityId,
  members,
  onClose,
}: {
  communityId: string;
  members: MemberDTO[];
  onClose: (done: boolean) => void;
}) {
  const [reason, setReason] = useState("");
  const [failures, setFailures] = useState<string[]>([]);
  const { pending, error, submit } = useSubmit();
  const names = new Map(members.map((m) => [m.id, m.displayName]));
  const kick = () =>
    submit(
      () => kickAction({ communityId, userIds: members.map((m) => m.id), reason }),
      ({ results }) => {
        const removed = results.filter((r) => r.ok).length;
        if (removed) toast.success(`Removed ${removed} ${removed === 1 ? "member" : "members"}.`);
        const failed = results
          .filter((r) => !r.ok)
          .map((r) => `${names.get(r.userId ?? "") ?? r.userId}: ${r.message}`);
        setFailures(failed);
        if (failed.length === 0) onClose(true);
      },
    );
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose(false)}
      title={`Kick ${members.length} ${members.length === 1 ? "member" : "members"}?`}
      description="They can rejoin with an invite."
    >
      <div className="flex flex-col gap-3">
        <FormError message={error} />
        {failures.length > 0 && (
          <ul role="alert" className="rounded border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger">
            {failures.map((failure) => (
              <li key={failure}>{failure}</li>
            ))}
          </ul>
        )}
        <p className="text-sm text-muted">{members.map((m) => m.displayName).join(", ")}</p>
        <TextAreaField
          label="Reason (optional, kept in the audit log)"
          name="reason"
          value={reason}
          maxLength={512}
          onChange={(e) => setReason(e.target.value)}
        />
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={() => onClose(failures.length > 0)}>
            {failures.length ? "Close" : "Cancel"}
          </Button>
          <Button variant="danger" pending={pending} disabled={members.length > 100} onClick={kick}>
            Kick
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

/** "Message": opens (or starts) the viewer's direct conversation with this person. */
function MessageButton({ userId, onOpened }: { userId: string; onOpened: () => void }) {
  const router = useRouter();
  const { upsert } = useConversations();
  const { pending, error, submit } = useSubmit();
  return (
    <div className="flex flex-col gap-2">
      <FormError message={error} />
      <Button
        onClick={() =>
          void submit(
            () => openDirectConversationAction({ userId }),
            (conversation) => {
              upsert(conversation);
              onOpened();
              router.push(conversationPath(conversation));
            },
          )
        }
        pending={pending}
      >
        <MessageCircle className="size-4" aria-hidden />
        Message
      </Button>
    </div>
  );
}

/** Anyone but oneself: block (their messages collapse and stop counting as unread) or unblock. */
function BlockButton({ userId, displayName }: { userId: string; displayName: string }) {
  const { isBlocked, setBlocked } = useBlocks();
  const [pending, setPending] = useState(false);
  const blocked = isBlocked(userId);
  const toggle = async () => {
    setPending(true);
    const ok = await setBlocked(userId, !blocked);
    setPending(false);
    if (ok)
      toast.success(
        blocked ? `${displayName} is unblocked.` : `${displayName} is blocked: their messages are hidden from you.`,
      );
  };
  return (
    <div className="flex items-center justify-between gap-3 border-t border-line pt-3">
      <p className="text-xs text-muted">
        {blocked ? "You blocked this user." : "Blocking hides their messages from you. They are not told."}
      </p>
      <Button variant={blocked ? "secondary" : "danger"} pending={pending} onClick={toggle}>
        {blocked ? "Unblock" : "Block"}
      </Button>
    </div>
  );
}
