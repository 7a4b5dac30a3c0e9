"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useCallback } from "react";
import { toast } from "sonner";
import { Mail } from "lucide-react";
import { useSocketEvent } from "@/components/realtime/socket-provider";
import type { ServerToClientEvents } from "@/lib/realtime/events";
import { badgeText } from "@/lib/unread";

type Handler<E extends keyof ServerToClientEvents> = ServerToClientEvents[E];

/**
 * The rail's way to the user's pending invitations, with their count. A new invitation arrives
 * live: a toast names who invited them where, and the count (and the list, if open) refresh.
 */
export function InvitationsRailLink({ count }: { count: number }) {
  const router = useRouter();
  const pathname = usePathname();
  const onCreated = useCallback<Handler<"invitation:created">>(
    (invitation) => {
      toast.info(`${invitation.inviter.displayName} invited you to ${invitation.community.name}`, {
        duration: 10_000,
        action: { label: "View", onClick: () => router.push("/invitations") },
      });
      router.refresh();
    },
    [router],
  );
  const onRemoved = useCallback<Handler<"invitation:removed">>(() => router.refresh(), [router]);
  useSocketEvent("invitation:created", onCreated);
  useSocketEvent("invitation:removed", onRemoved);

  const active = pathname === "/invitations";
  const label = count > 0 ? `Invitations, ${count} pending` : "Invitations";
  return (
    <Link
      href="/invitations"
      aria-label={label}
      title={label}
      aria-current={active ? "page" : undefined}
      className={clsx(
        "relative flex size-12 shrink-0 items-center justify-center transition-all hover:rounded-2xl hover:bg-accent hover:text-white",
        active ? "rounded-2xl bg-accent text-white" : "rounded-3xl bg-main text-muted",
      )}
    >
      <Mail className="size-6" />
      {count > 0 && (
        <span
          data-testid="invitation-badge"
          aria-hidden
          className="absolute -bottom-0.5 -right-0.5 min-w-5 rounded-full border-[3px] border-rail bg-danger-solid px-1 text-center text-xs font-bold leading-[14px] text-white"
        >
          {badgeText(count)}
        </span>
      )}
    </Link>
  );
}
