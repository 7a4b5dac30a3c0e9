"use client";

import { clsx } from "clsx";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useParams, useRouter, useSearchParams } from "next/navigation";
import { Fragment, useCallback, useEffect, useState } from "react";
import { toast } from "sonner";
import {
  ChevronDown,
  ChevronRight,
  FolderPlus,
  Hash,
  Lock,
  MessagesSquare,
  Plus,
  Settings,
  UserPlus,
} from "lucide-react";
import { IconButton } from "@/components/ui/icon-button";
import { useSocketEvent } from "@/components/realtime/socket-provider";
import { arrangeChannelsAction } from "@/lib/actions/channels";
import type { CategoryDTO, ChannelDTO, CommunityDTO, UserSummary } from "@/lib/dto";
import { useChannelReadState, useFollowedThreads, useReadActions } from "@/components/realtime/read-state-provider";
import { LATEST_POSITION, badgeText } from "@/lib/unread";
import { CommunityNotifyMenu, NotifyMenu } from "./notify-menu";
import { UserPanel } from "@/components/settings/user-panel";
import { CategoryMenu } from "./category-menu";
import { onFirstOpen } from "@/components/ui/on-first-open";

// dialogs load when first opened
const ChannelSettingsDialog = dynamic(() =>
  import("@/components/settings/channel-settings-dialog").then((module) => module.ChannelSettingsDialog),
);
const CreateChannelDialog = onFirstOpen(
  dynamic(() => import("./create-channel-dialog").then((module) => module.CreateChannelDialog), { ssr: false }),
);
const CreateCategoryDialog = onFirstOpen(
  dynamic(() => import("./create-channel-dialog").then((module) => module.CreateCategoryDialog), { ssr: false }),
);
const InviteDialog = onFirstOpen(
  dynamic(() => import("@/components/settings/invite-dialog").then((module) => module.InviteDialog), { ssr: false }),
);

type Props = {
  community: CommunityDTO & { allowMemberInvites: boolean };
  channels: ChannelDTO[];
  categories: CategoryDTO[];
  me: UserSummary;
  avatarUrl: string | null;
};

type Group = { category: CategoryDTO | null; channels: ChannelDTO[] };

function groupChannels(channels: ChannelDTO[], categories: CategoryDTO[]): Group[] {
  const known = new Set(categories.map((c) => c.id));
  const sorted = [...channels].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
  return [
    { category: null, channels: sorted.filter((c) => !c.categoryId || !known.has(c.categoryId)) },
    ...categories.map((category) => ({ category, channels: sorted.filter((c) => c.categoryId === category.id) })),
  ];
}

/** The community's channels in their categories, its header (invite, settings) and the user's panel. */
export function ChannelSidebar({ community, channels: initial, categories, me, avatarUrl }: Props) {
  const params = useParams<{ channelId?: string }>();
  const router = useRouter();
  // Live changes since the server rendered: a channel by id, or null once deleted/unreadable.
  const [live, setLive] = useState<Map<string, ChannelDTO | null>>(new Map());
  const [creating, setCreating] = useState(false);
  const [creatingCategory, setCreatingCategory] = useState(false);
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<ChannelDTO | null>(null);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [dragging, setDragging] = useState<string | null>(null);
  const canManage = community.role === "OWNER" || community.role === "ADMIN";
  const canInvite = canManage || community.allowMemberInvites;

  useEffect(() => setLive(new Map()), [initial]);
  useEffect(() => {
    const saved = localStorage.getItem(`collapsed:${community.id}`);
    if (saved) setCollapsed(new Set(JSON.parse(saved) as string[]));
  }, [community.id]);

  const upsert = useCallback(
    (channel: ChannelDTO) => {
      if (channel.communityId === community.id) setLive((map) => new Map(map).set(channel.id, channel));
    },
    [community.id],
  );
  const onDeleted = useCallback(
    ({ communityId, channelId }: { communityId: string; channelId: string }) => {
      if (communityId !== community.id) return;
      setLive((map) => new Map(map).set(channelId, null));
      if (params.channelId === channelId) {
        toast.info("This channel was deleted, or you no longer have access to it.");
        router.replace(`/c/${community.id}`);
      }
    },
    [community.id, params.channelId, router],
  );
  const onLayout = useCallback(
    ({ communityId }: { communityId: string }) => {
      if (communityId === community.id) router.refresh();
    },
    [community.id, router],
  );
  useSocketEvent("channel:created", upsert);
  useSocketEvent("channel:updated", upsert);
  useSocketEvent("channel:deleted", onDeleted);
  useSocketEvent("category:changed", onLayout);

  const merged = new Map(initial.map((c) => [c.id, c] as [string, ChannelDTO | null]));
  for (const [id, channel] of live) merged.set(id, channel);
  const channels = [...merged.values()].filter((c): c is ChannelDTO => c !== null);
  const groups = groupChannels(channels, categories);

  function toggle(categoryId: string) {
    const next = new Set(collapsed);
    if (next.has(categoryId)) next.delete(categoryId);
    else next.add(categoryId);
    setCollapsed(next);
    localStorage.setItem(`collapsed:${community.id}`, JSON.stringify([...next]));
  }

  /** Moves the dragged channel before `beforeId` (or to the end of the group) and saves the order. */
  async function drop(categoryId: string | null, beforeId: string | null) {
    const moving = channels.find((c) => c.id === dragging);
    setDragging(null);
    if (!moving || moving.id === beforeId) return;
    const layout = groups.map((group) => ({
      categoryId: group.category?.id ?? null,
      channelIds: group.channels.map((c) => c.id).filter((id) => id !== moving.id),
    }));
    const target = layout.find((group) => group.categoryId === categoryId)!;
    const index = beforeId ? target.channelIds.indexOf(beforeId) : -1;
    target.channelIds.splice(index < 0 ? target.channelIds.length : index, 0, moving.id);
    const positions = new Map(layout.flatMap((g) => g.channelIds).map((id, position) => [id, position]));
    setLive((map) => {
      const next = new Map(map);
      for (const channel of channels)
        next.set(channel.id, {
          ...channel,
          position: positions.get(channel.id) ?? channel.position,
          categoryId: layout.find((g) => g.channelIds.includes(channel.id))?.categoryId ?? null,
        });
      return next;
    });
    const result = await arrangeChannelsAction({ communityId: community.id, groups: layout });
    if (!result.ok) {
      toast.error(result.message);
      setLive(new Map());
    }
  }

  return (
    <aside aria-label="Channels" className="flex h-full w-60 flex-col bg-sidebar">
      <header className="flex h-12 shrink-0 items-center justify-between border-b border-black/30 px-4 shadow-sm">
        <h2 className="truncate font-semibold text-strong" title={community.name}>
          {community.name}
        </h2>
        <div className="flex shrink-0 items-center">
          {canInvite && (
            <IconButton label="Invite people" onClick={() => setInviting(true)}>
              <UserPlus className="size-[18px]" />
            </IconButton>
          )}
          <CommunityNotifyMenu communityId={community.id} communityName={community.name} />
          <Link
            href={`/c/${community.id}/settings`}
            aria-label="Community settings"
            title="Community settings"
            className="rounded p-1 text-muted hover:bg-hover hover:text-text"
          >
            <Settings className="size-[18px]" />
          </Link>
        </div>
      </header>
      <div data-channel-nav className="flex-1 overflow-y-auto px-2 py-3">
        {groups.map((group) => {
          const id = group.category?.id ?? null;
          const folded = id !== null && collapsed.has(id);
          if (id !== null && !group.channels.length && !canManage) return null;
          return (
            <div key={id ?? "none"} className="mb-3">
              <div
                className="mb-1 flex items-center justify-between px-1 text-xs font-semibold uppercase tracking-wide text-muted"
                onDragOver={(event) => dragging && event.preventDefault()}
                onDrop={() => drop(id, null)}
              >
                {group.category ? (
                  <button
                    type="button"
                    onClick={() => toggle(group.category!.id)}
                    aria-expanded={!folded}
                    className="flex min-w-0 items-center gap-0.5 hover:text-text"
                  >
                    {folded ? <ChevronRight className="size-3" /> : <ChevronDown className="size-3" />}
                    <span className="truncate">{group.category.name}</span>
                  </button>
                ) : (
                  <span className="px-1">Text channels</span>
                )}
                {canManage && group.category && (
                  <CategoryMenu category={group.category} channelCount={group.channels.length} />
                )}
                {canManage && id === null && (
                  <span className="flex items-center gap-1">
                    <IconButton
                      label="Create category"
                      className="p-0 hover:bg-transparent"
                      onClick={() => setCreatingCategory(true)}
                    >
                      <FolderPlus className="size-4" />
                    </IconButton>
                    <IconButton
                      label="Create channel"
                      className="p-0 hover:bg-transparent"
                      onClick={() => setCreating(true)}
                    >
                      <Plus className="size-4" />
                    </IconButton>
                  </span>
                )}
              </div>
              {!folded && (
                <ul
                  aria-label={group.category ? group.category.name : "Text channels"}
                  className="flex flex-col gap-0.5"
                >
                  {group.channels.map((channel) => {
                    const active = params.channelId === channel.id;
                    return (
                      <Fragment key={channel.id}>
                        <li
                          draggable={canManage}
                          onDragStart={() => setDragging(channel.id)}
                          onDragEnd={() => setDragging(null)}
                          onDragOver={(event) => dragging && event.preventDefault()}
                          onDrop={(event) => {
                            event.stopPropagation();
                            drop(id, channel.id);
                          }}
                          className={clsx("group relative", dragging === channel.id && "opacity-40")}
                        >
                          <ChannelLink
                            channel={channel}
                            active={active}
                            canManage={canManage}
                            onEdit={() => setEditing(channel)}
                          />
                        </li>
                        <FollowedThreads channel={channel} />
                      </Fragment>
                    );
                  })}
                </ul>
              )}
            </div>
          );
        })}
      </div>
      <UserPanel me={me} avatarUrl={avatarUrl} />
      {canManage && (
        <>
          <CreateChannelDialog
            communityId={community.id}
            categories={categories}
            open={creating}
            onOpenChange={setCreating}
            onCreated={(channel) => {
              upsert(channel);
              router.push(`/c/${community.id}/${channel.id}`);
            }}
          />
          <CreateCategoryDialog communityId={community.id} open={creatingCategory} onOpenChange={setCreatingCategory} />
          {editing && (
            <ChannelSettingsDialog
              channel={channels.find((c) => c.id === editing.id) ?? editing}
              categories={categories}
              onClose={() => setEditing(null)}
              onChanged={upsert}
            />
          )}
        </>
      )}
      {canInvite && (
        <InviteDialog
          communityId={community.id}
          communityName={community.name}
          open={inviting}
          onOpenChange={setInviting}
        />
      )}
    </aside>
  );
}

/** The threads of a channel the user follows, under it: bold when unread, with their mentions. */
function FollowedThreads({ channel }: { channel: ChannelDTO }) {
  const threads = useFollowedThreads(channel.communityId, channel.id);
  const search = useSearchParams();
  const params = useParams<{ channelId?: string }>();
  if (threads.length === 0) return null;
  const openThreadId = params.channelId === channel.id ? search.get("thread") : null;
  return (
    <li>
      <ul
        aria-label={`Followed threads in ${channel.name}`}
        className="ml-4 flex flex-col gap-0.5 border-l border-line pl-2"
      >
        {threads.map((thread) => {
          const active = openThreadId === thread.channelId;
          const unread = !active && thread.level !== "NONE" && thread.unread > 0;
          const mentions = !active && thread.level !== "NONE" ? thread.mentions : 0;
          return (
            <li key={thread.channelId} className="relative">
              <Link
                href={`/c/${channel.communityId}/${channel.id}?thread=${thread.channelId}`}
                aria-current={active ? "page" : undefined}
                aria-label={[
                  thread.threadName,
                  unread ? "unread" : null,
                  mentions ? `${mentions} ${mentions === 1 ? "mention" : "mentions"}` : null,
                ]
                  .filter(Boolean)
                  .join(", ")}
                data-unread={unread || undefined}
                className={clsx(
                  "flex items-center gap-1.5 rounded px-2 py-1 text-sm",
                  active
                    ? "bg-raised text-strong"
                    : unread
                      ? "font-semibold text-strong hover:bg-hover"
                      : "text-muted hover:bg-hover hover:text-text",
                )}
              >
                <MessagesSquare className="size-4 shrink-0 text-faint" aria-hidden />
                <span className={clsx("truncate", mentions > 0 && "pr-7")}>{thread.threadName}</span>
              </Link>
              {mentions > 0 && (
                <span
                  data-testid="thread-mention-badge"
                  aria-hidden
                  className="pointer-events-none absolute right-2 top-1/2 -translate-y-1/2 rounded-full bg-danger-solid px-1.5 text-xs font-bold leading-4 text-white"
                >
                  {badgeText(mentions)}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </li>
  );
}

/**
 * A channel in the list: bold with unread messages (its own or a followed thread's), a red badge
 * with mentions, dimmed when set to notify of nothing.
 */
function ChannelLink({
  channel,
  active,
  canManage,
  onEdit,
}: {
  channel: ChannelDTO;
  active: boolean;
  canManage: boolean;
  onEdit: () => void;
}) {
  const state = useChannelReadState(channel.communityId, channel.id);
  const threads = useFollowedThreads(channel.communityId, channel.id);
  const { markChannelRead } = useReadActions();
  const Icon = channel.kind === "PRIVATE" ? Lock : Hash;
  const level = state?.level ?? "ALL";
  const threadsUnread = threads.some((thread) => thread.level !== "NONE" && thread.unread > 0);
  const threadMentions = threads.reduce((sum, thread) => sum + (thread.level !== "NONE" ? thread.mentions : 0), 0);
  const unread = !active && level !== "NONE" && ((state?.unread ?? 0) > 0 || threadsUnread);
  const mentions = level !== "NONE" && !active ? (state?.mentions ?? 0) + threadMentions : 0;
  const label = [
    channel.name,
    unread ? "unread" : null,
    mentions ? `${mentions} ${mentions === 1 ? "mention" : "mentions"}` : null,
  ]
    .filter(Boolean)
    .join(", ");
  return (
    <>
      {unread && <span aria-hidden className="absolute -left-2 top-1/2 h-2 w-1 -translate-y-1/2 rounded-r bg-white" />}
      <Link
        href={`/c/${channel.communityId}/${channel.id}`}
        aria-current={active ? "page" : undefined}
        aria-label={label}
        data-unread={unread || undefined}
        className={clsx(
          "flex items-center gap-1.5 rounded px-2 py-1.5 text-[15px]",
          active
            ? "bg-raised text-strong"
            : unread
              ? "font-semibold text-strong hover:bg-hover"
              : "text-muted hover:bg-hover hover:text-text",
          level === "NONE" && !active && "opacity-50",
        )}
      >
        <Icon className="size-5 shrink-0 text-faint" />
        <span className={clsx("truncate", mentions > 0 && "pr-7")}>{channel.name}</span>
      </Link>
      {mentions > 0 && (
        <span
          data-testid="mention-badge"
          aria-hidden
          className="pointer-events-none absolute right-2 top-1/2 -translate-y-1/2 rounded-full bg-danger-solid px-1.5 text-xs font-bold leading-4 text-white group-focus-within:hidden group-hover:hidden group-has-[[data-state=open]]:hidden"
        >
          {badgeText(mentions)}
        </span>
      )}
      <div className="absolute right-1 top-1/2 flex -translate-y-1/2 items-center opacity-0 group-focus-within:opacity-100 group-hover:opacity-100 has-[[data-state=open]]:opacity-100">
        {state && (
          <NotifyMenu
            scope="channel"
            channelId={channel.id}
            channelName={channel.name}
            notify={state.notify}
            communityNotify={state.communityNotify}
            canMarkRead={state.unread > 0 || state.mentions > 0}
            onMarkRead={() => markChannelRead(channel.id, LATEST_POSITION)}
          />
        )}
        {canManage && (
          <IconButton label={`Edit ${channel.name}`} onClick={onEdit}>
            <Settings className="size-4" />
          </IconButton>
        )}
      </div>
    </>
  );
}
