"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { TabbedFrame } from "./settings-shell";

const tabs = [
  { href: "/settings", label: "Profile" },
  { href: "/settings/account", label: "Account" },
  { href: "/settings/privacy", label: "Privacy" },
  { href: "/settings/notifications", label: "Notifications" },
  { href: "/settings/appearance", label: "Appearance" },
  { href: "/settings/developer", label: "Developer" },
];

/** User settings: the signed-in person's own profile, account, privacy and notifications. */
export function UserSettingsShell({ children }: { children: React.ReactNode }) {
  const pathname = usePathname();
  return (
    <TabbedFrame
      navLabel="User settings"
      tabs={tabs}
      activeHref={pathname}
      header={
        <>
          <Link
            href="/"
            className="flex min-h-8 shrink-0 items-center gap-1 rounded px-1.5 text-sm text-muted hover:bg-hover hover:text-text"
          >
            <ArrowLeft className="size-4" aria-hidden />
            <span className="max-sm:sr-only">Back to chat</span>
          </Link>
          <h1 className="ml-1 min-w-0 truncate font-semibold text-strong">User settings</h1>
        </>
      }
    >
      {children}
    </TabbedFrame>
  );
}
