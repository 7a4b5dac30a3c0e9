"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Check, CheckCheck } from "lucide-react";
import { useReadActions } from "@/components/realtime/read-state-provider";
import type { MenuOnDemandProps } from "@/components/ui/menu-on-demand";
import type { NotifyLevel } from "@/lib/dto";
import { levelLabels, notifyTrigger, type NotifyMenuProps } from "./notify-menu";

const itemClass =
  "flex cursor-pointer items-center justify-between gap-3 rounded px-2 py-1.5 text-sm font-medium text-text outline-none data-[highlighted]:bg-accent data-[highlighted]:text-white";

/** NotifyMenu's Radix part. */
export function NotifyDropdown({ defaultOpen, triggerAutoFocus, ...props }: NotifyMenuProps & MenuOnDemandProps) {
  const { setNotify } = useReadActions();
  const name = props.scope === "channel" ? `#${props.channelName}` : props.communityName;
  const current = props.scope === "channel" ? (props.notify ?? "DEFAULT") : props.notify;
  const choose = (value: string) => {
    const level = value as NotifyLevel | "DEFAULT";
    if (props.scope === "channel") void setNotify({ channelId: props.channelId }, level);
    else void setNotify({ communityId: props.communityId }, level);
  };
  const options: { value: NotifyLevel | "DEFAULT"; label: string }[] = [
    ...(props.scope === "channel"
      ? [{ value: "DEFAULT" as const, label: `Default (${levelLabels[props.communityNotify].toLowerCase()})` }]
      : []),
    ...(["ALL", "MENTIONS", "NONE"] as const).map((value) => ({ value, label: levelLabels[value] })),
  ];
  return (
    <DropdownMenu.Root defaultOpen={defaultOpen}>
      <DropdownMenu.Trigger autoFocus={triggerAutoFocus} {...notifyTrigger(props)} />
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          className="z-50 w-60 rounded-md bg-rail p-1.5 shadow-xl ring-1 ring-black/40"
          aria-label={`Notifications for ${name}`}
        >
          <DropdownMenu.Item className={itemClass} disabled={!props.canMarkRead} onSelect={props.onMarkRead}>
            <span className={props.canMarkRead ? "" : "text-faint"}>Mark as read</span>
            <CheckCheck className="size-4" aria-hidden />
          </DropdownMenu.Item>
          <DropdownMenu.Separator className="my-1 h-px bg-line" />
          <DropdownMenu.Label className="px-2 py-1 text-xs font-semibold uppercase tracking-wide text-muted">
            Notify me of
          </DropdownMenu.Label>
          <DropdownMenu.RadioGroup value={current} onValueChange={choose}>
            {options.map((option) => (
              <DropdownMenu.RadioItem key={option.value} value={option.value} className={itemClass}>
                {option.label}
                <DropdownMenu.ItemIndicator>
                  <Check className="size-4" aria-hidden />
                </DropdownMenu.ItemIndicator>
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
