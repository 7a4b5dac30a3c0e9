"use client";

import dynamic from "next/dynamic";
import type { DialogProps } from "./dialog-frame";
import { useFocusReturn } from "./use-focus-return";
import { useOpenedOnce } from "./use-opened-once";

// Radix's dialog (≈ 15 KB gzip with its focus trap and scroll lock) loads when a dialog first opens.
const DialogFrame = dynamic(() => import("./dialog-frame").then((module) => module.DialogFrame), { ssr: false });

/** A modal dialog (Radix: focus trap, Esc closes, labelled). */
export function Dialog(props: DialogProps) {
  const returnFocus = useFocusReturn(props.open);
  return useOpenedOnce(props.open) ? <DialogFrame {...props} returnFocus={returnFocus} /> : null;
}
