"use client";

import { clsx } from "clsx";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useRef, useState } from "react";
import { Lock, MicOff, Search } from "lucide-react";
import { BotBadge } from "@/components/ui/bot-badge";
import { Avatar } from "@/components/ui/avatar";
import { Button, Spinner } from "@/components/ui/button";
import { useSocketEvent } from "@/components/realtime/socket-provider";
import { PresenceDot, usePresence } from "@/components/realtime/presence";
import { ownPresence, shownCustomStatus, useMyStatus } from "@/components/realtime/my-status";
import type { ServerToClientEvents } from "@/lib/realtime/events";
import type { MemberDTO, Role } from "@/lib/dto";
import type { Result } from "@/lib/errors";
import { usePeopleUpdates, withUpdate } from "@/components/realtime/people";

// a member's card and the kick dialog load when first opened
const MemberDialog = dynamic(() => import("./member-dialog").then((module) => module.MemberDialog));
const KickManyDialog = dynamic(() => import("./member-dialog").then((module) => module.KickManyDialog));

const rankOf: Record<Role, number> = { OWNER: 3, ADMIN: 2, MEMBER: 1 };

const roleHeadings: Record<Role, string> = { OWNER: "Owner", ADMIN: "Admins", MEMBER: "Members" };

type Page = { members: MemberDTO[]; nextCursor: string | null };

async function fetchMembers(
  communityId: string,
  channelId: string | undefined,
  query: string,
  cursor: string | null,
): Promise<Result<Page>> {
  const params = new URLSearchParams({ limit: "100" });
  if (channelId) params.set("channelId", channelId);
  if (query) params.set("query", query);
  if (cursor) params.set("cursor", cursor);
  const response = await fetch(`/api/communities/${communityId}/members?${params}`, { cache: "no-store" });
  return response.json();
}

/**
 * The community's members, grouped by role and paged by cursor as the list scrolls; searchable by
 * name. Beside a private channel, only those who can read it (the server decides). Owner and
 * admins open a member to moderate them. Reloads when membership changes live.
 */
export function MemberList({
  communityId,
  me,
  myRole,
  channelId,
  privateChannel = false,
  selectable = false,
  className,
}: {
  communityId: string;
  me: string;
  myRole: Role;
  /** The open channel: the list shows who can read it (everyone, unless it is private). */
  channelId?: string;
  privateChannel?: boolean;
  /** Checkboxes to remove several members at once (settings page). */
  selectable?: boolean;
  className?: string;
}) {
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [kicking, setKicking] = useState(false);
  const outranked = (member: MemberDTO) =>
    member.id !== me && rankOf[member.role] < rankOf[myRole] && (myRole === "OWNER" || myRole === "ADMIN");
  const [query, setQuery] = useState("");
  const [members, setMembers] = useState<MemberDTO[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<MemberDTO | null>(null);
  const presence = usePresence(
    communityId,
    members.map((m) => m.id),
  );
  const generation = useRef(0);
  const sentinel = useRef<HTMLDivElement>(null);

  const load = useCallback(
    async (reset: boolean, from: string | null) => {
      const mine = reset ? ++generation.current : generation.current;
      setLoading(true);
      try {
        const result = await fetchMembers(communityId, channelId, query, from);
        if (mine !== generation.current) return; // a newer search replaced this one
        if (!result.ok) return setError(result.message);
        setError(null);
        setMembers((current) => (reset ? result.data.members : [...current, ...result.data.members]));
        setCursor(result.data.nextCursor);
      } catch {
        if (mine === generation.current) setError("Could not load members.");
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [communityId, channelId, query],
  );

  useEffect(() => {
    const timer = setTimeout(() => load(true, null), query ? 250 : 0);
    return () => clearTimeout(timer);
  }, [load, query]);

  useEffect(() => {
    const element = sentinel.current;
    if (!element || !cursor) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries[0]?.isIntersecting && !loading) load(false, cursor);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [cursor, loading, load]);

  const reload = useCallback(
    (payload: { communityId: string }) => {
      if (payload.communityId === communityId) load(true, null);
    },
    [communityId, load],
  );
  useSocketEvent("member:joined", reload);
  useSocketEvent("member:left", reload);
  useSocketEvent("member:updated", reload);
  useSocketEvent("member:muted", reload);
  const onStatus = useCallback<ServerToClientEvents["member:status"]>(
    ({ communityId: from, userId, custom }) => {
      if (from !== communityId) return;
      setMembers((current) =>
        current.some((member) => member.id === userId)
          ? current.map((member) => (member.id === userId ? { ...member, customStatus: custom } : member))
          : current,
      );
    },
    [communityId],
  );
  useSocketEvent("member:status", onStatus);
  const { status: myStatus } = useMyStatus();
  const people = usePeopleUpdates();
  const statusOf = (member: MemberDTO) => (member.id === me ? ownPresence(myStatus) : presence.get(member.id));
  const customOf = (member: MemberDTO) => shownCustomStatus(member.id === me ? myStatus.custom : member.customStatus);
  // a private channel's seats changed (members added or removed)
  const onChannelUpdated = useCallback(
    (channel: { id: string; communityId: string }) => {
      if (channelId && channel.id === channelId) reload(channel);
    },
    [channelId, reload],
  );
  useSocketEvent("channel:updated", onChannelUpdated);

  return (
    <section aria-label="Members" className={clsx("flex min-h-0 flex-col bg-sidebar", className)}>
      <div className="p-3">
        {privateChannel && (
          <p data-testid="member-list-scope" className="mb-2 flex items-center gap-1.5 px-1 text-xs text-muted">
            <Lock className="size-3 shrink-0" aria-hidden /> Only those who can read this channel
          </p>
        )}
        <label className="flex items-center gap-2 rounded bg-rail px-2 py-1.5 text-sm">
          <Search className="size-4 text-faint" />
          <input
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder="Search members"
            aria-label="Search members"
            maxLength={64}
            className="min-w-0 flex-1 bg-transparent text-text outline-none placeholder:text-faint"
          />
        </label>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-2 pb-4">
        {error && (
          <p role="alert" className="px-2 text-sm text-danger">
            {error}
          </p>
        )}
        {!loading && !error && members.length === 0 && (
          <p className="px-2 py-6 text-center text-sm text-muted">
            {query ? `No member's name starts with “${query}”.` : "No members."}
          </p>
        )}
        <ul>
          {members.map((listed, index) => {
            const member = withUpdate(listed, people.get(listed.id));
            const heading = !query && (index === 0 || members[index - 1].role !== member.role);
            return (
              <li key={member.id}>
                {heading && (
                  <h3 className="px-2 pb-1 pt-4 text-xs font-semibold uppercase tracking-wide text-muted">
                    {roleHeadings[member.role]}
                  </h3>
                )}
                <div className="flex items-center">
                  {selectable && (
                    <input
                      type="checkbox"
                      aria-label={`Select ${member.displayName}`}
                      disabled={!outranked(member)}
                      checked={checked.has(member.id)}
                      onChange={(event) =>
                        setChecked((current) => {
                          const next = new Set(current);
                          if (event.target.checked) next.add(member.id);
                          else next.delete(member.id);
                          return next;
                        })
                      }
                      className="ml-1 size-6 shrink-0 accent-accent disabled:opacity-30"
                    />
                  )}
                  <button
                    type="button"
                    onClick={() => setSelected(member)}
                    data-testid="member"
                    className="flex w-full items-center gap-3 rounded px-2 py-1.5 text-left hover:bg-hover"
                  >
                    <span className="relative shrink-0">
                      <Avatar
                        name={member.displayName}
                        seed={member.id}
                        src={member.avatarUrl}
                        size={32}
                        className={clsx(member.id !== me && statusOf(member) === "offline" && "opacity-40")}
                      />
                      {statusOf(member) && <PresenceDot status={statusOf(member)!} />}
                    </span>
                    <span className="min-w-0 flex-1">
                      <span
                        className={clsx(
                          "block truncate text-[15px]",
                          member.role === "OWNER" ? "text-warning" : "text-text",
                        )}
                      >
                        {member.displayName}
                        {member.bot && (
                          <span className="ml-1.5 align-[1px]">
                            <BotBadge />
                          </span>
                        )}
                        {member.id === me && <span className="text-faint"> (you)</span>}
                        {!query && <span className="sr-only">, {member.role.toLowerCase()}</span>}
                      </span>
                      {query ? (
                        <span className="block truncate text-xs text-muted">{roleHeadings[member.role]}</span>
                      ) : (
                        customOf(member) && (
                          <span className="block truncate text-xs text-muted" data-testid="custom-status">
                            {customOf(member)}
                          </span>
                        )
                      )}
                    </span>
                    {member.mutedUntil && <MicOff aria-label="Muted" className="size-4 text-danger" />}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
        <div ref={sentinel} className="flex justify-center py-2">
          {loading && <Spinner className="text-muted" />}
        </div>
      </div>
      {selectable && checked.size > 0 && (
        <div className="flex items-center justify-between gap-2 border-t border-black/30 p-3 text-sm">
          <span className="text-muted">{checked.size} selected</span>
          <Button variant="danger" onClick={() => setKicking(true)}>
            Kick selected
          </Button>
        </div>
      )}
      {kicking && (
        <KickManyDialog
          communityId={communityId}
          members={members.filter((m) => checked.has(m.id))}
          onClose={(done) => {
            setKicking(false);
            if (done) setChecked(new Set());
          }}
        />
      )}
      {selected && (
        <MemberDialog
          communityId={communityId}
          channelId={channelId}
          target={{ member: selected }}
          me={me}
          myRole={myRole}
          onClose={() => setSelected(null)}
        />
      )}
    </section>
  );
}
