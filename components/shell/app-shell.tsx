"use client";

import { clsx } from "clsx";
import dynamic from "next/dynamic";
import { usePathname } from "next/navigation";
import { createContext, useContext, useEffect, useState } from "react";
import { ConnectionBanner } from "@/components/realtime/socket-provider";
import { KeyboardShortcuts, SkipLinks } from "./keyboard-shortcuts";
import { rememberVisit } from "./recent-visits";
import { useOpenedOnce } from "@/components/ui/use-opened-once";

// loaded the first time Ctrl+K opens it
const QuickSwitcher = dynamic(() => import("./quick-switcher").then((module) => module.QuickSwitcher), { ssr: false });

const NavContext = createContext<{ open: boolean; setOpen: (open: boolean) => void }>({
  open: false,
  setOpen: () => {},
});
export const useNav = () => useContext(NavContext);

/** The three-pane frame. Below the md breakpoint the rail and channel list become a drawer. */
export function AppShell({
  rail,
  banner,
  children,
}: {
  rail: React.ReactNode;
  banner?: React.ReactNode;
  children: React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  useEffect(() => setOpen(false), [pathname]);
  // Every visit counts as recent for the quick switcher, however it was reached (the thread in the address too).
  useEffect(() => {
    rememberVisit(pathname + window.location.search);
  }, [pathname]);
  return (
    <NavContext.Provider value={{ open, setOpen }}>
      <SkipLinks />
      <KeyboardShortcuts
        switcher={(open, onOpenChange) => <SwitcherOnDemand open={open} onOpenChange={onOpenChange} />}
      />
      <div className="flex h-dvh flex-col overflow-hidden">
        <ConnectionBanner />
        {banner}
        <div className="flex min-h-0 flex-1">
          <div className={clsx("h-full shrink-0", open ? "fixed inset-y-0 left-0 z-30 flex" : "hidden md:flex")}>
            {rail}
          </div>
          {open && (
            <div className="fixed inset-0 z-20 bg-black/60 md:hidden" onClick={() => setOpen(false)} aria-hidden />
          )}
          {children}
        </div>
      </div>
    </NavContext.Provider>
  );
}

/** The channel list column: part of the drawer on small screens. */
export function NavColumn({ children }: { children: React.ReactNode }) {
  const { open } = useNav();
  return (
    <div className={clsx("h-full w-60 shrink-0", open ? "fixed inset-y-0 left-[72px] z-30 flex" : "hidden md:flex")}>
      {children}
    </div>
  );
}

function SwitcherOnDemand({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return useOpenedOnce(open) ? <QuickSwitcher open={open} onOpenChange={onOpenChange} /> : null;
}
