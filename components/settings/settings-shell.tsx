"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
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
  { href: "/bots", label: "Bots", managers: true },
  { href: "/events", label: "Events", managers: true },
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
          <Link
            href={`/c/${communityId}`}
            className="flex min-h-8 shrink-0 items-center gap-1 rounded px-1.5 text-sm text-muted hover:bg-hover hover:text-text"
          >
            <ArrowLeft className="size-4" aria-hidden />
            <span className="max-sm:sr-only">Back to chat</span>
          </Link>
          <h1 className="ml-1 min-w-0 truncate font-semibold text-strong">
            {communityName} <span className="text-muted">· Settings</span>
          </h1>
        </>
      }
    >
      {children}
    </TabbedFrame>
  );
}

/**
 * A main pane of tabs beside their content, under a header (community settings, the admin console).
 * The tabs are a column beside the content when the pane is wide (a container query, since the
 * community's channel list may sit beside it), else a bar above it that scrolls sideways and
 * keeps the current tab in view.
 */
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
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    const bar = nav.current;
    const active = bar?.querySelector<HTMLElement>("[aria-current=page]");
    // only the sideways bar scrolls; as a column every tab is in view
    if (!bar || !active || bar.scrollWidth <= bar.clientWidth) return;
    bar.scrollLeft = active.offsetLeft - (bar.clientWidth - active.offsetWidth) / 2;
  }, [activeHref]);
  return (
    <main className="@container flex min-w-0 flex-1 flex-col bg-main">
      <header className="flex h-12 shrink-0 items-center gap-2 border-b border-line px-2 shadow-sm sm:px-4">
        <IconButton label="Open navigation" className="md:hidden" onClick={() => setOpen(true)}>
          <Menu className="size-5" />
        </IconButton>
        {header}
      </header>
      <div className="flex min-h-0 flex-1 flex-col @3xl:flex-row">
        <nav
          ref={nav}
          aria-label={navLabel}
          className="relative flex shrink-0 gap-1 overflow-x-auto border-b border-line px-2 py-1.5 @3xl:w-52 @3xl:flex-col @3xl:overflow-x-visible @3xl:border-b-0 @3xl:border-r @3xl:p-2"
        >
          {links.map((tab) => {
            const active = activeHref === tab.href;
            return (
              <Link
                key={tab.href}
                href={tab.href}
                aria-current={active ? "page" : undefined}
                className={clsx(
                  "flex min-h-9 shrink-0 items-center whitespace-nowrap rounded px-3 py-1.5 text-sm",
                  "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-accent",
                  active ? "bg-raised font-medium text-strong" : "text-muted hover:bg-hover hover:text-text",
                )}
              >
                {tab.label}
              </Link>
            );
          })}
        </nav>
        <div className="@container min-h-0 flex-1 overflow-y-auto p-4 @lg:p-6">{children}</div>
      </div>
    </main>
  );
}

/** A titled part of a settings page; `wide` lets dashboards use more of a large screen. */
export function SettingsSection({
  title,
  description,
  wide = false,
  children,
}: {
  title: string;
  description?: string;
  wide?: boolean;
  children: React.ReactNode;
}) {
  return (
    <section className={clsx("mb-8", wide ? "max-w-5xl" : "max-w-2xl")}>
      <h2 className="text-lg font-semibold text-strong">{title}</h2>
      {description && <p className="mt-1 text-sm text-muted">{description}</p>}
      <div className="mt-4">{children}</div>
    </section>
  );
}
