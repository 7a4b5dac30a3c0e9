"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Dialog } from "@/components/ui/dialog";

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

const shortcuts: { keys: string[]; what: string }[] = [
  { keys: ["Ctrl", "K"], what: "Quick switcher: find a community, channel or thread" },
  { keys: ["Alt", "↑ / ↓"], what: "Previous / next channel" },
  { keys: ["Alt", "Shift", "↑ / ↓"], what: "Previous / next unread channel" },
  { keys: ["Esc"], what: "Mark the channel as read" },
  { keys: ["↑"], what: "Edit your last message (in an empty message box)" },
  { keys: ["Tab"], what: "Into the message list; then ↑ / ↓ between messages, Home / End" },
  { keys: ["E", "R", "Del", "P"], what: "On a focused message: edit, reply, delete, the author's profile" },
  { keys: ["Enter"], what: "Send (Shift+Enter: a new line)" },
  { keys: ["Ctrl", "/"], what: "This list" },
];

/** Whether the key came from somewhere that types text (its own keys win there). */
const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/** The sidebar's channel and followed-thread links, in reading order. */
function channelLinks(unreadOnly: boolean) {
  const links = [...document.querySelectorAll<HTMLAnchorElement>("[data-channel-nav] a[href^='/c/']")];
  return unreadOnly ? links.filter((link) => link.hasAttribute("data-unread") || link.ariaCurrent === "page") : links;
}

/**
 * App-wide keys: Ctrl/Cmd+K opens the quick switcher, Alt+↑/↓ moves between channels (with Shift:
 * unread ones), Ctrl+/ lists every shortcut. `switcher` renders the quick switcher when open.
 */
export function KeyboardShortcuts({
  switcher,
}: {
  switcher: (open: boolean, onOpenChange: (open: boolean) => void) => React.ReactNode;
}) {
  const router = useRouter();
  const [helpOpen, setHelpOpen] = useState(false);
  const [switcherOpen, setSwitcherOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = isMac() ? event.metaKey : event.ctrlKey;
      if (mod && !event.altKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        setHelpOpen(false);
        setSwitcherOpen((open) => !open);
      } else if (mod && (event.key === "/" || event.code === "Slash")) {
        event.preventDefault();
        setSwitcherOpen(false);
        setHelpOpen((open) => !open);
      } else if (event.altKey && !mod && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
        const links = channelLinks(event.shiftKey);
        const current = links.findIndex((link) => link.ariaCurrent === "page");
        const step = event.key === "ArrowUp" ? -1 : 1;
        const next = links[current < 0 ? (step > 0 ? 0 : links.length - 1) : current + step];
        if (!next || next === links[current]) return;
        event.preventDefault();
        router.push(next.getAttribute("href")!);
      } else if (event.key === "?" && event.shiftKey && !mod && !typing(event.target)) {
        event.preventDefault();
        setHelpOpen(true);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [router]);
  const mod = isMac() ? "⌘" : "Ctrl";
  return (
    <>
      {switcher(switcherOpen, setSwitcherOpen)}
      <Dialog open={helpOpen} onOpenChange={setHelpOpen} title="Keyboard shortcuts">
        <dl className="grid grid-cols-[auto_1fr] items-center gap-x-4 gap-y-2 text-sm">
          {shortcuts.map(({ keys, what }) => (
            <div key={what} className="contents">
              <dt className="flex gap-1">
                {keys.map((key) => (
                  <kbd
                    key={key}
                    className="rounded border border-line bg-raised px-1.5 py-0.5 font-mono text-xs text-strong"
                  >
                    {key === "Ctrl" ? mod : key}
                  </kbd>
                ))}
              </dt>
              <dd className="text-text">{what}</dd>
            </div>
          ))}
        </dl>
      </Dialog>
    </>
  );
}

/** Links that skip the navigation: to the messages and the message box (on a channel page). */
export function SkipLinks() {
  const focus = (selector: string) => (event: React.MouseEvent) => {
    const target = document.querySelector<HTMLElement>(selector);
    if (!target) return;
    event.preventDefault();
    target.focus();
  };
  const link =
    "sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-[60] focus:rounded focus:bg-accent focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:text-white";
  return (
    <>
      <a href="#messages" className={link} onClick={focus("[data-message-list] [data-row][tabindex='0']")}>
        Skip to messages
      </a>
      <a href="#composer" className={link} onClick={focus("main textarea[aria-label^='Message']")}>
        Skip to the message box
      </a>
    </>
  );
}
