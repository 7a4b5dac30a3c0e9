"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { Check } from "lucide-react";
import { useRouter } from "next/navigation";
import { parseTheme, themeCookie, type Theme } from "@/lib/theme";
import type { MenuOnDemandProps } from "./menu-on-demand";
import { themeChoices, themeTrigger } from "./theme-menu";
import { useTheme } from "./use-theme";

function applyTheme(theme: Theme) {
  document.documentElement.dataset.theme = theme;
  document.cookie = `${themeCookie}=${theme}; path=/; max-age=31536000; samesite=lax`;
}

/** ThemeMenu's Radix part. */
export function ThemeDropdown({ defaultOpen, triggerAutoFocus }: MenuOnDemandProps) {
  const router = useRouter();
  const current = useTheme();
  return (
    <Menu.Root defaultOpen={defaultOpen}>
      <Menu.Trigger autoFocus={triggerAutoFocus} {...themeTrigger(current)} />
      <Menu.Portal>
        <Menu.Content
          side="top"
          align="end"
          sideOffset={6}
          className="z-50 w-44 rounded-md bg-rail p-1.5 shadow-xl ring-1 ring-line"
        >
          <Menu.Label className="px-2 py-1 text-xs font-bold uppercase text-muted">Theme</Menu.Label>
          <Menu.RadioGroup
            value={current}
            onValueChange={(value) => {
              const theme = parseTheme(value);
              applyTheme(theme);
              router.refresh();
            }}
          >
            {themeChoices.map(({ theme, label, Icon: ChoiceIcon }) => (
              <Menu.RadioItem
                key={theme}
                value={theme}
                className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm font-medium text-text outline-none data-[highlighted]:bg-accent data-[highlighted]:text-white"
              >
                <ChoiceIcon className="size-4" aria-hidden />
                <span className="flex-1">{label}</span>
                <Menu.ItemIndicator>
                  <Check className="size-4" aria-hidden />
                </Menu.ItemIndicator>
              </Menu.RadioItem>
            ))}
          </Menu.RadioGroup>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
