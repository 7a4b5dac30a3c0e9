"use client";

import { useState } from "react";
import { MessagesSquare, Menu } from "lucide-react";
import Link from "next/link";
import { signOutToLogin } from "@/components/shell/sign-out";
import { Button } from "@/components/ui/button";
import type { UserSummary } from "@/lib/dto";
import { useNav } from "@/components/shell/app-shell";
import { CreateCommunityDialog } from "./create-community-dialog";

/** The empty state before a user has any community. */
export function NoCommunities({ me }: { me: UserSummary }) {
  const [creating, setCreating] = useState(false);
  const { setOpen } = useNav();
  return (
    <main className="relative flex flex-1 items-center justify-center bg-main p-6">
      <button
        type="button"
        className="absolute left-4 top-3 rounded p-1 text-muted md:hidden"
        aria-label="Open navigation"
        onClick={() => setOpen(true)}
      >
        <Menu className="size-5" />
      </button>
      <div className="max-w-md text-center">
        <MessagesSquare className="mx-auto size-16 text-accent-text" />
        <h1 className="mt-4 text-2xl font-bold text-strong">Welcome, {me.displayName}!</h1>
        <p className="mt-2 text-muted">
          You are not in any community yet. Create one and invite your friends, or open an invite link someone sent you.
        </p>
        <div className="mt-6 flex justify-center gap-3">
          <Button onClick={() => setCreating(true)}>Create a community</Button>
          <Link
            href="/settings"
            className="inline-flex items-center rounded-[4px] px-4 py-2 text-sm font-medium text-muted hover:bg-hover hover:text-text"
          >
            User settings
          </Link>
          <Button variant="ghost" onClick={() => void signOutToLogin()}>
            Sign out
          </Button>
        </div>
      </div>
      <CreateCommunityDialog open={creating} onOpenChange={setCreating} />
    </main>
  );
}
