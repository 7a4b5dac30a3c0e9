"use client";

import { clsx } from "clsx";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useParams, usePathname, useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { Compass, Plus, ShieldCheck } from "lucide-react";
import { CommunityIcon } from "@/components/ui/community-icon";
import { useSocketEvent } from "@/components/realtime/socket-provider";
import { useCommunityBadge } from "@/components/realtime/read-state-provider";
import type { CommunityDTO } from "@/lib/dto";
import { badgeText } from "@/lib/unread";
import { InvitationsRailLink } from "./invitations-rail-link";
import { DirectMessagesLink } from "@/components/direct/direct-messages-link";
import { useConversations } from "@/components/direct/conversations-provider";
import { onFirstOpen } from "@/components/ui/on-first-open";

// loads when first opened
const CreateCommunityDialog = onFirstOpen(
  dynamic(() => import("./create-community-dialog").then((module) => module.CreateCommunityDialog), { ssr: false }),
);

/** The left rail: the user's communities and "+" to create one. Updates live when they join one. */
export function CommunityRail({
  initial,
  appAdmin = false,
  invitationCount = 0,
}: {
  initial: CommunityDTO[];
  appAdmin?: boolean;
  invitationCount?: number;
}) {
  const [joinedLive, setJoinedLive] = useState<CommunityDTO[]>([]);
  const [removedLive, setRemovedLive] = useState<Set<string>>(new Set());
  const [creating, setCreating] = useState(false);
  const params = useParams<{ communityId?: string }>();
  const pathname = usePathname();
  const { ids: conversationIds } = useConversations();
  const router = useRouter();

  const onJoined = useCallback(
    (community: CommunityDTO) => {
      setJoinedLive((list) => [...list, community]);
      setRemovedLive((gone) => new Set([...gone].filter((id) => id !== community.id)));
      router.refresh();
    },
    [router],
  );
  const onRemoved = useCallback(({ communityId }: { communityId: string }) => {
    setRemovedLive((gone) => new Set(gone).add(communityId));
    setJoinedLive((list) => list.filter((c) => c.id !== communityId));
  }, []);
  useSocketEvent("community:joined", onJoined);
  useSocketEvent("community:removed", onRemoved);
  const list = mergeById(joinedLive, initial).filter((c) => !removedLive.has(c.id));

  return (
    <nav
      aria-label="Communities"
      className="flex h-full w-[72px] flex-col items-center gap-2 overflow-y-auto bg-rail py-3"
    >
      <DirectMessagesLink
        active={pathname === "/dm" || (!!params.communityId && conversationIds.has(params.communityId))}
      />
      <div className="mx-auto h-0.5 w-8 shrink-0 rounded bg-line" />
      {list.map((community) => (
        <RailItem key={community.id} community={community} active={params.communityId === community.id} />
      ))}
      {list.length > 0 && <div className="mx-auto h-0.5 w-8 shrink-0 rounded bg-line" />}
      <button
        type="button"
        onClick={() => setCreating(true)}
        aria-label="Create a community"
        title="Create a community"
        className="flex size-12 shrink-0 items-center justify-center rounded-3xl bg-main text-success transition-all hover:rounded-2xl hover:bg-success-solid hover:text-white"
      >
        <Plus className="size-6" />
      </button>
      <Link
        href="/discover"
        aria-label="Discover communities"
        title="Discover communities"
        className="flex size-12 shrink-0 items-center justify-center rounded-3xl bg-main text-success transition-all hover:rounded-2xl hover:bg-success-solid hover:text-white"
      >
        <Compass className="size-6" />
      </Link>
      <InvitationsRailLink count={invitationCount} />
      {appAdmin && (
        <Link
          href="/admin"
          aria-label="Admin console"
          title="Admin console"
          className="flex size-12 shrink-0 items-center justify-center rounded-3xl bg-main text-muted transition-all hover:rounded-2xl hover:bg-accent hover:text-white"
        >
          <ShieldCheck className="size-6" />
        </Link>
      )}
      <CreateCommunityDialog open={creating} onOpenChange={setCreating} />
    </nav>
  );
}

/** A community's icon with its unread pill and badge (what its channels' notification settings let through). */
function RailItem({ community, active }: { community: CommunityDTO; active: boolean }) {
  const { badge, unread } = useCommunityBadge(community.id);
  const badgeId = `community-badge-${community.id}`;
  return (
    <Link
      href={`/c/${community.id}`}
      title={community.name}
      aria-describedby={badge > 0 ? badgeId : undefined}
      aria-current={active ? "page" : undefined}
      className="group relative flex w-full justify-center"
    >
      <span
        className={clsx(
          "absolute left-0 top-1/2 w-1 -translate-y-1/2 rounded-r bg-white transition-all",
          active ? "h-10" : unread ? "h-2 group-hover:h-5" : "h-0 group-hover:h-5",
        )}
      />
      <CommunityIcon
        name={community.name}
        avatarUrl={community.avatarUrl}
        className={clsx(
          "size-12 overflow-hidden text-[15px] transition-all",
          active
            ? "rounded-2xl bg-accent text-white"
            : "rounded-3xl bg-main group-hover:rounded-2xl group-hover:bg-accent group-hover:text-white",
        )}
      />
      <span className="sr-only">{community.name}</span>
      {badge > 0 && (
        <span
          id={badgeId}
          data-testid="community-badge"
          aria-label={`${badge} unread`}
          className="absolute bottom-0 right-2.5 min-w-5 rounded-full border-[3px] border-rail bg-danger-solid px-1 text-center text-xs font-bold leading-[14px] text-white"
        >
          {badgeText(badge)}
        </span>
      )}
    </Link>
  );
}

function mergeById(live: CommunityDTO[], server: CommunityDTO[]) {
  const seen = new Set(server.map((c) => c.id));
  return [...server, ...live.filter((c) => !seen.has(c.id))];
}
