"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import type { Theme } from "@/lib/theme";
import { MenuOnDemand } from "./menu-on-demand";
import { onDemand } from "./on-demand";
import { useTheme } from "./use-theme";

export const themeChoices: { theme: Theme; label: string; Icon: typeof Moon }[] = [
  { theme: "dark", label: "Dark", Icon: Moon },
  { theme: "light", label: "Light", Icon: Sun },
  { theme: "system", label: "Match system", Icon: Monitor },
];

/** The menu's trigger: the current theme's icon. */
export function themeTrigger(current: Theme) {
  const Icon = themeChoices.find((choice) => choice.theme === current)?.Icon ?? Moon;
  return {
    "aria-label": "Theme",
    title: "Theme",
    className:
      "rounded p-1.5 text-muted hover:bg-hover hover:text-text focus-visible:outline-2 focus-visible:outline-accent",
    children: <Icon className="size-[18px]" />,
  };
}

const dropdown = onDemand(() => import("./theme-dropdown").then((module) => module.ThemeDropdown));

/** Dark, light or the system's choice, for this browser. */
export function ThemeMenu() {
  return <MenuOnDemand menu={dropdown} props={{}} trigger={themeTrigger(useTheme())} />;
}
