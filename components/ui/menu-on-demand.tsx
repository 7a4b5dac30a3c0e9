"use client";

import { useState, type ButtonHTMLAttributes, type ComponentType } from "react";
import { useOnDemand, type OnDemand } from "./on-demand";

/**
 * Dropdown menus (Radix's menu with its popper and floating-ui: ≈ 25 KB gzip) load on first use.
 * Until then a plain button stands in for the menu's trigger, looking and reading the same (closed).
 * Pointing at it fetches the menu; pressing it as Radix's trigger opens (pointer down, Enter, Space,
 * ↓) opens the menu once its code is there.
 */
export type MenuOnDemandProps = {
  /** the menu opens at once (its trigger was pressed before its code arrived) */
  defaultOpen?: boolean;
  /** its trigger takes the focus the stand-in had */
  triggerAutoFocus?: boolean;
};

type StandInProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type" | "onPointerDown" | "onKeyDown">;

/** The menu once loaded, else its stand-in trigger (`trigger`: the trigger's own attributes and content). */
export function MenuOnDemand<P extends object>({
  menu,
  props,
  trigger,
}: {
  menu: OnDemand<ComponentType<P & MenuOnDemandProps>>;
  props: P;
  trigger: StandInProps;
}) {
  const Menu = useOnDemand(menu);
  const [pressed, setPressed] = useState(false);
  const [focused, setFocused] = useState(false);
  if (Menu) return <Menu {...props} defaultOpen={pressed} triggerAutoFocus={focused} />;
  const open = () => {
    setPressed(true);
    menu.load().catch(() => setPressed(false));
  };
  return (
    <button
      type="button"
      aria-haspopup="menu"
      aria-expanded={false}
      data-state="closed"
      {...trigger}
      onPointerEnter={() => void menu.load().catch(() => undefined)}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      onPointerDown={(event) => {
        if (event.button !== 0 || event.ctrlKey) return;
        event.preventDefault(); // as Radix: the menu, not its trigger, takes the focus
        open();
      }}
      onKeyDown={(event) => {
        if (event.key !== "Enter" && event.key !== " " && event.key !== "ArrowDown") return;
        event.preventDefault();
        open();
      }}
    />
  );
}
