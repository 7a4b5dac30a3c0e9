"use client";

import { useEffect, useLayoutEffect, useRef, type RefObject } from "react";

/**
 * While `open`: Esc (taken, so nothing else acts on it) or a press outside the `inside` elements
 * calls `onDismiss`, saying which it was.
 */
export function useDismiss(
  open: boolean,
  inside: RefObject<HTMLElement | null>[],
  onDismiss: (how: "escape" | "outside") => void,
) {
  const latest = useRef({ inside, onDismiss });
  useLayoutEffect(() => {
    latest.current = { inside, onDismiss };
  });
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      latest.current.onDismiss("escape");
    };
    const onDown = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!latest.current.inside.some((element) => element.current?.contains(target)))
        latest.current.onDismiss("outside");
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onDown);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onDown);
    };
  }, [open]);
}
