"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Menu, ShieldCheck } from "lucide-react";
import { useNav } from "@/components/community/app-shell";
import { IconButton } from "@/components/ui/icon-button";

const tabs = [
  { href: "/admin", label: "Plan and limits" },
  { href: "/admin/usage", label: "Usage" },
  { href: "/admin/billing", label: "Billing" },
  { href: "/admin/communities", label: "Communities" },
];

/** The admin console's frame: its sections and the section's content. */
export function AdminShell({ children }: { children: React.ReactNode }) {
  const pathname = usePathname();
  const { setOpen } = useNav();
  return (
    <main className="flex min-w-0 flex-1 flex-col bg-main">
      <header className="flex h-12 shrink-0 items-center gap-2 border-b border-black/30 px-4 shadow-sm">
        <IconButton label="Open navigation" className="md:hidden" onClick={() => setOpen(true)}>
          <Menu className="size-5" />
        </IconButton>
        <ShieldCheck className="size-5 text-faint" aria-hidden />
        <h1 className="truncate font-semibold text-white">Admin console</h1>
      </header>
      <div className="flex min-h-0 flex-1 flex-col sm:flex-row">
        <nav aria-label="Admin console" className="flex shrink-0 gap-1 overflow-x-auto border-b border-black/20 p-2 sm:w-52 sm:flex-col sm:border-b-0 sm:border-r">
          {tabs.map((tab) => {
            const active = tab.href === "/admin" ? pathname === tab.href : pathname.startsWith(tab.href);
            return (
              <Link
                key={tab.href}
                href={tab.href}
                aria-current={active ? "page" : undefined}
                className={clsx("whitespace-nowrap rounded px-3 py-1.5 text-sm", active ? "bg-raised text-white" : "text-muted hover:bg-hover hover:text-text")}
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
