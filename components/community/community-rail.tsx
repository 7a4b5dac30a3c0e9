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
import { InvitationsRailLink } from "./invitations-rail-link";
import { RailLink, railIcon } from "@/components/ui/rail-link";
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
  return (
    <RailLink
      href={`/c/${community.id}`}
      name={community.name}
      active={active}
      unread={unread}
      badge={badge}
      badgeId={`community-badge-${community.id}`}
      badgeTestId="community-badge"
    >
      <CommunityIcon
        name={community.name}
        avatarUrl={community.avatarUrl}
        className={clsx("overflow-hidden text-[15px]", railIcon(active))}
      />
    </RailLink>
  );
}

function mergeById(live: CommunityDTO[], server: CommunityDTO[]) {
  const seen = new Set(server.map((c) => c.id));
  return [...server, ...live.filter((c) => !seen.has(c.id))];
}
