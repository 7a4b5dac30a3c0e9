"use client";

import { useRouter } from "next/navigation";
import { Monitor, Moon, Sun } from "lucide-react";
import { applyTheme, useTheme } from "@/components/ui/use-theme";
import type { Theme } from "@/lib/theme";

const choices: { theme: Theme; label: string; text: string; Icon: typeof Moon }[] = [
  { theme: "dark", label: "Dark", text: "Easy on the eyes at night.", Icon: Moon },
  { theme: "light", label: "Light", text: "Bright backgrounds, dark text.", Icon: Sun },
  { theme: "system", label: "Match system", text: "Follows your device's setting.", Icon: Monitor },
];

/** The colour theme for this browser. */
export function ThemeChoice() {
  const router = useRouter();
  const current = useTheme();
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-2 text-xs font-bold uppercase tracking-wide text-muted">Theme in this browser</legend>
      {choices.map(({ theme, label, text, Icon }) => (
        <label
          key={theme}
          className="flex cursor-pointer items-center gap-3 rounded bg-rail p-3 has-[:checked]:ring-2 has-[:checked]:ring-accent"
        >
          <input
            type="radio"
            name="theme"
            value={theme}
            checked={current === theme}
            onChange={() => {
              applyTheme(theme);
              router.refresh();
            }}
            className="size-4 shrink-0 accent-accent"
          />
          <Icon className="size-5 shrink-0 text-muted" aria-hidden />
          <span>
            <span className="block text-sm font-medium text-strong">{label}</span>
            <span className="block text-sm text-muted">{text}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
