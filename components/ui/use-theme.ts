"use client";

import { useSyncExternalStore } from "react";
import { parseTheme, themeCookie, type Theme } from "@/lib/theme";

function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  return () => observer.disconnect();
}

/** The theme this browser chose (the root's data-theme), live as it changes; "dark" while hydrating. */
export function useTheme(): Theme {
  return useSyncExternalStore(
    subscribe,
    () => parseTheme(document.documentElement.dataset.theme),
    () => "dark",
  );
}

/** Chooses the theme for this browser (a cookie, so the server renders it without a flash). */
export function applyTheme(theme: Theme) {
  document.documentElement.dataset.theme = theme;
  document.cookie = `${themeCookie}=${theme}; path=/; max-age=31536000; samesite=lax`;
}
