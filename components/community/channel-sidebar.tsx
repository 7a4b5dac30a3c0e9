"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { Hash, Lock, LogOut, Plus, Settings, UserPlus } from "lucide-react";
import { signOut } from "next-auth/react";
import { Avatar } from "@/components/ui/avatar";
import { IconButton } from "@/components/ui/icon-button";
import { useSocketEvent } from "@/components/realtime/socket-provider";
import type { ChannelDTO, CommunityDTO, UserSummary } from "@/lib/dto";
import { CreateChannelDialog } from "./create-channel-dialog";
import { InviteDialog } from "./invite-dialog";

type Props = {
  community: CommunityDTO & { allowMemberInvites: boolean };
  channels: ChannelDTO[];
  me: UserSummary;
};

/** The community's channel list, its header (invite) and the signed-in user's panel. */
export function ChannelSidebar({ community, channels: initial, me }: Props) {
  const params = useParams<{ channelId?: string }>();
  const router = useRouter();
  const [added, setAdded] = useState<ChannelDTO[]>([]);
  const [creating, setCreating] = useState(false);
  const [inviting, setInviting] = useState(false);
  const canManage = community.role === "OWNER" || community.role === "ADMIN";
  const canInvite = canManage || community.allowMemberInvites;

  const onChannelCreated = useCallback(
    (channel: ChannelDTO) => {
      if (channel.communityId === community.id) setAdded((list) => [...list, channel]);
    },
    [community.id],
  );
  useSocketEvent("channel:created", onChannelCreated);
  // The server's list plus channels created since it rendered (by this tab or pushed live), once each.
  const channels = [...new Map([...initial, ...added].map((c) => [c.id, c])).values()].sort((a, b) => a.position - b.position);

  return (
    <aside aria-label="Channels" className="flex h-full w-60 flex-col bg-sidebar">
      <header className="flex h-12 shrink-0 items-center justify-between border-b border-black/30 px-4 shadow-sm">
        <h2 className="truncate font-semibold text-white" title={community.name}>
          {community.name}
        </h2>
        <div className="flex shrink-0 items-center">
          {canInvite && (
            <IconButton label="Invite people" onClick={() => setInviting(true)}>
              <UserPlus className="size-[18px]" />
            </IconButton>
          )}
          <Link href={`/c/${community.id}/settings`} aria-label="Community settings" title="Community settings" className="rounded p-1 text-muted hover:bg-hover hover:text-text">
            <Settings className="size-[18px]" />
          </Link>
        </div>
      </header>
      <div className="flex-1 overflow-y-auto px-2 py-3">
        <div className="mb-1 flex items-center justify-between px-2 text-xs font-semibold uppercase tracking-wide text-muted">
          <span>Text channels</span>
          {canManage && (
            <IconButton label="Create channel" className="p-0 hover:bg-transparent" onClick={() => setCreating(true)}>
              <Plus className="size-4" />
            </IconButton>
          )}
        </div>
        <ul aria-label="Text channels" className="flex flex-col gap-0.5">
          {channels.map((channel) => {
            const active = params.channelId === channel.id;
            const Icon = channel.kind === "PRIVATE" ? Lock : Hash;
            return (
              <li key={channel.id}>
                <Link
                  href={`/c/${community.id}/${channel.id}`}
                  aria-current={active ? "page" : undefined}
                  className={clsx(
                    "flex items-center gap-1.5 rounded px-2 py-1.5 text-[15px]",
                    active ? "bg-raised text-white" : "text-muted hover:bg-hover hover:text-text",
                  )}
                >
                  <Icon className="size-5 shrink-0 text-faint" />
                  <span className="truncate">{channel.name}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </div>
      <footer className="flex h-[52px] shrink-0 items-center gap-2 bg-[#232428] px-2">
        <Avatar name={me.displayName} seed={me.id} size={32} />
        <div className="min-w-0 flex-1 leading-tight">
          <div className="truncate text-sm font-semibold text-white">{me.displayName}</div>
          <div className="truncate text-xs text-muted">@{me.username}</div>
        </div>
        <IconButton label="Sign out" className="p-1.5" onClick={() => signOut({ callbackUrl: "/login" })}>
          <LogOut className="size-[18px]" />
        </IconButton>
      </footer>
      {canManage && (
        <CreateChannelDialog
          communityId={community.id}
          open={creating}
          onOpenChange={setCreating}
          onCreated={(channel) => {
            setAdded((list) => [...list, channel]);
            router.push(`/c/${community.id}/${channel.id}`);
          }}
        />
      )}
      {canInvite && <InviteDialog communityId={community.id} communityName={community.name} open={inviting} onOpenChange={setInviting} />}
    </aside>
  );
}
