"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { ArrowLeft, Menu } from "lucide-react";
import { useNav } from "@/components/shell/app-shell";
import { IconButton } from "@/components/ui/icon-button";
import type { Role } from "@/lib/dto";

const tabs = [
  { href: "", label: "Overview", managers: false },
  { href: "/members", label: "Members", managers: true },
  { href: "/invites", label: "Invites", managers: true },
  { href: "/requests", label: "Join requests", managers: true },
  { href: "/bans", label: "Bans", managers: true },
  { href: "/audit", label: "Audit log", managers: true },
];

/** Settings frame: tabs (owner and admins see all; members the overview) and the tab's content. */
export function SettingsShell({
  communityId,
  communityName,
  role,
  children,
}: {
  communityId: string;
  communityName: string;
  role: Role;
  children: React.ReactNode;
}) {
  const pathname = usePathname();
  const base = `/c/${communityId}/settings`;
  const manager = role === "OWNER" || role === "ADMIN";
  const visible = tabs
    .filter((tab) => manager || !tab.managers)
    .map((tab) => ({ href: base + tab.href, label: tab.label }));
  return (
    <TabbedFrame
      navLabel="Settings"
      tabs={visible}
      activeHref={pathname}
      header={
        <>
          <Link href={`/c/${communityId}`} className="flex items-center gap-1 text-sm text-muted hover:text-text">
            <ArrowLeft className="size-4" /> Back to chat
          </Link>
          <h1 className="ml-2 truncate font-semibold text-white">{communityName} · Settings</h1>
        </>
      }
    >
      {children}
    </TabbedFrame>
  );
}

/** A main pane of tabs beside their content, under a header (community settings, the admin console). */
export function TabbedFrame({
  header,
  navLabel,
  tabs: links,
  activeHref,
  children,
}: {
  header: React.ReactNode;
  navLabel: string;
  tabs: { href: string; label: string }[];
  activeHref: string;
  children: React.ReactNode;
}) {
  const { setOpen } = useNav();
  return (
    <main className="flex min-w-0 flex-1 flex-col bg-main">
      <header className="flex h-12 shrink-0 items-center gap-2 border-b border-black/30 px-4 shadow-sm">
        <IconButton label="Open navigation" className="md:hidden" onClick={() => setOpen(true)}>
          <Menu className="size-5" />
        </IconButton>
        {header}
      </header>
      <div className="flex min-h-0 flex-1 flex-col sm:flex-row">
        <nav
          aria-label={navLabel}
          className="flex shrink-0 gap-1 overflow-x-auto border-b border-black/20 p-2 sm:w-52 sm:flex-col sm:border-b-0 sm:border-r"
        >
          {links.map((tab) => {
            const active = activeHref === tab.href;
            return (
              <Link
                key={tab.href}
                href={tab.href}
                aria-current={active ? "page" : undefined}
                className={clsx(
                  "whitespace-nowrap rounded px-3 py-1.5 text-sm",
                  active ? "bg-raised text-white" : "text-muted hover:bg-hover hover:text-text",
                )}
              >
                {tab.label}
              </Link>
            );
          })}
        </nav>
        <div className="min-h-0 flex-1 overflow-y-auto p-6">{children}</div>
      </div>
    </main>
  );
}

export function SettingsSection({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: React.ReactNode;
}) {
  return (
    <section className="mb-8 max-w-2xl">
      <h2 className="text-lg font-semibold text-white">{title}</h2>
      {description && <p className="mt-1 text-sm text-muted">{description}</p>}
      <div className="mt-4">{children}</div>
    </section>
  );
}
