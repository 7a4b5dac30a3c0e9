"use client";

import Link from "next/link";
import { useState } from "react";
import { LogOut, Settings } from "lucide-react";
import { ownPresence, shownCustomStatus, useMyStatus } from "@/components/realtime/my-status";
import { PresenceDot, presenceLabels } from "@/components/realtime/presence";
import { StatusDialog } from "./status-dialog";
import { Avatar } from "@/components/ui/avatar";
import { IconButton } from "@/components/ui/icon-button";
import type { UserSummary } from "@/lib/dto";
import { signOutToLogin } from "@/components/shell/sign-out";

/** The foot of the navigation column: the user, their status (click to set it), settings and sign out. */
export function UserPanel({ me, avatarUrl }: { me: UserSummary; avatarUrl: string | null }) {
  const { status: myStatus } = useMyStatus();
  const [settingStatus, setSettingStatus] = useState(false);
  const ownStatusLabel = myStatus.mode === "INVISIBLE" ? "Invisible" : presenceLabels[ownPresence(myStatus)];
  return (
    <footer className="flex h-[52px] shrink-0 items-center gap-2 bg-rail px-2">
      <button
        type="button"
        onClick={() => setSettingStatus(true)}
        className="flex min-w-0 flex-1 items-center gap-2 rounded px-1 py-1 text-left hover:bg-hover focus-visible:outline-2 focus-visible:outline-accent"
      >
        <span className="relative shrink-0">
          <Avatar name={me.displayName} seed={me.id} src={avatarUrl} size={32} />
          <PresenceDot status={ownPresence(myStatus)} className="border-rail" />
        </span>
        <span className="min-w-0 flex-1 leading-tight">
          <span className="block truncate text-sm font-semibold text-strong">{me.displayName}</span>
          <span className="block truncate text-xs text-muted" data-testid="my-status-line">
            {shownCustomStatus(myStatus.custom) ?? `@${me.username}`}
          </span>
          {/* the visible text stays first in the button's name (WCAG 2.5.3) */}
          <span className="sr-only">, status: {ownStatusLabel}. Set your status</span>
        </span>
      </button>
      <StatusDialog open={settingStatus} onOpenChange={setSettingStatus} />
      <Link
        href="/settings"
        aria-label="User settings"
        title="User settings"
        className="rounded p-1.5 text-muted hover:bg-hover hover:text-text focus-visible:outline-2 focus-visible:outline-accent"
      >
        <Settings className="size-[18px]" aria-hidden />
      </Link>
      <IconButton label="Sign out" className="p-1.5" onClick={() => void signOutToLogin()}>
        <LogOut className="size-[18px]" />
      </IconButton>
    </footer>
  );
}
