"use client";

import type { ComponentType } from "react";
import { useOpenedOnce } from "./use-opened-once";

/**
 * A controlled dialog that renders (and, made with next/dynamic, loads) from the first time it
 * opens; before that nothing of it is on the page, as with a closed Radix dialog.
 */
export function onFirstOpen<P extends { open: boolean }>(Dialog: ComponentType<P>) {
  return function OnFirstOpen(props: P) {
    return useOpenedOnce(props.open) ? <Dialog {...props} /> : null;
  };
}
