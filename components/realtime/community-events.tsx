"use client";

import { usePathname, useRouter } from "next/navigation";
import { useCallback } from "react";
import { toast } from "sonner";
import type { ServerToClientEvents } from "@/lib/realtime/events";
import { useSocketEvent } from "./socket-provider";

type Handler<E extends keyof ServerToClientEvents> = ServerToClientEvents[E];

/**
 * App-wide reactions to pushed community events: leaving a community the user was removed from
 * (and saying why), and refreshing server-rendered views when the community or the user's standing changes.
 */
export function CommunityEvents({ userId }: { userId: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const inCommunity = useCallback((communityId: string) => pathname.startsWith(`/c/${communityId}`), [pathname]);

  const onRemoved = useCallback<Handler<"community:removed">>(
    ({ communityId, reason, message, conversation }) => {
      if (reason === "left") toast.info(message);
      else toast.error(message, { duration: 10_000 });
      // out of a conversation: back to the other conversations
      if (inCommunity(communityId)) router.replace(conversation ? "/dm" : "/");
      router.refresh();
    },
    [inCommunity, router],
  );
  const onUpdated = useCallback<Handler<"community:updated">>(() => router.refresh(), [router]);
  const onMemberUpdated = useCallback<Handler<"member:updated">>(
    ({ communityId, member }) => {
      if (member.id === userId && inCommunity(communityId)) router.refresh();
    },
    [userId, inCommunity, router],
  );
  const onMuted = useCallback<Handler<"member:muted">>(
    ({ communityId, userId: target }) => {
      if (target === userId && inCommunity(communityId)) router.refresh();
    },
    [userId, inCommunity, router],
  );
  const onDecided = useCallback<Handler<"joinRequest:decided">>(
    ({ accepted, communityName }) => {
      if (accepted) toast.success(`Your request to join ${communityName} was accepted.`);
      else toast.error(`Your request to join ${communityName} was declined.`);
      router.refresh();
    },
    [router],
  );

  useSocketEvent("community:removed", onRemoved);
  useSocketEvent("community:updated", onUpdated);
  useSocketEvent("member:updated", onMemberUpdated);
  useSocketEvent("member:muted", onMuted);
  useSocketEvent("joinRequest:decided", onDecided);
  return null;
}
