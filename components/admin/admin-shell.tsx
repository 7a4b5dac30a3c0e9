"use client";

import { usePathname } from "next/navigation";
import { ShieldCheck } from "lucide-react";
import { TabbedFrame } from "@/components/settings/settings-shell";

const tabs = [
  { href: "/admin", label: "Plan and limits" },
  { href: "/admin/usage", label: "Usage" },
  { href: "/admin/billing", label: "Billing" },
  { href: "/admin/communities", label: "Communities" },
  { href: "/admin/users", label: "Users" },
];

/** The admin console's frame: its sections and the section's content. */
export function AdminShell({ children }: { children: React.ReactNode }) {
  const pathname = usePathname();
  // a community's detail page belongs to "Communities"
  const activeHref =
    tabs.findLast((tab) => pathname === tab.href || pathname.startsWith(`${tab.href}/`))?.href ?? pathname;
  return (
    <TabbedFrame
      navLabel="Admin console"
      tabs={tabs}
      activeHref={activeHref}
      header={
        <>
          <ShieldCheck className="size-5 text-faint" aria-hidden />
          <h1 className="truncate font-semibold text-strong">Admin console</h1>
        </>
      }
    >
      {children}
    </TabbedFrame>
  );
}
