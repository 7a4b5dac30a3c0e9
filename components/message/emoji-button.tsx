"use client";

import { clsx } from "clsx";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { Smile } from "lucide-react";
import { readSkinTone, saveSkinTone } from "./emoji-data";
import { Spinner } from "@/components/ui/button";
import { onDemand, useOnDemand } from "@/components/ui/on-demand";
import { useDismiss } from "@/components/ui/use-dismiss";
import { useTheme } from "@/components/ui/use-theme";

// The picker (with its emoji data, bundled: no CDN) loads when first opened, or when its button is pointed at.
const picker = onDemand(() => import("emoji-picker-react").then((module) => module.default));
export const preloadEmojiPicker = () => void picker.load().catch(() => undefined);

const PICKER_WIDTH = 352;
const PICKER_HEIGHT = 420;

/** The picker's colours follow the app's theme (dark, light or the system's). */
const pickerScheme = { dark: "dark", light: "light", system: "auto" } as const;

/**
 * The full emoji picker, in the app's theme, with the skin tone this browser chose; native emoji
 * (the system's font: nothing loaded from a CDN). Shared by the composer, reactions and the touch sheet.
 */
export function EmojiPickerPanel({
  width,
  height,
  autoFocusSearch = false,
  onPick,
}: {
  width: number;
  height: number;
  autoFocusSearch?: boolean;
  onPick: (emoji: string) => void;
}) {
  const theme = pickerScheme[useTheme()];
  const EmojiPicker = useOnDemand(picker);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!picker.current()) picker.load().catch(() => setFailed(true));
  }, []);
  if (!EmojiPicker)
    return (
      <div
        style={{ width, height }}
        className="flex flex-col items-center justify-center gap-2 rounded-lg bg-sidebar text-sm text-muted"
      >
        {failed ? "The emoji could not be loaded: you may be offline." : <Spinner className="size-6" />}
      </div>
    );
  return (
    <EmojiPicker
      colorScheme={theme}
      emojiStyle="native"
      width={width}
      height={height}
      lazyLoadEmojis
      autoFocusSearch={autoFocusSearch}
      previewConfig={{ showPreview: false }}
      defaultSkinTone={readSkinTone()}
      onSkinToneChange={saveSkinTone}
      onEmojiClick={(data) => onPick(data.emoji)}
    />
  );
}

/**
 * The composer's smiley: opens the emoji picker above it (portalled, so nothing clips it). A pick,
 * Esc or a click outside closes it; the skin tone chosen in it is remembered for this browser.
 */
export function EmojiButton({
  disabled,
  className,
  onPick,
  onClose,
}: {
  disabled: boolean;
  className?: string;
  onPick: (emoji: string) => void;
  /** closed without a pick (Esc, a click outside) */
  onClose: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [position, setPosition] = useState<{ bottom: number; left: number; width: number } | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const popup = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    if (!open || !button.current) return;
    const rect = button.current.getBoundingClientRect();
    const width = Math.min(PICKER_WIDTH, window.innerWidth - 16);
    setPosition({
      bottom: window.innerHeight - rect.top + 8,
      left: Math.min(Math.max(8, rect.right - width), window.innerWidth - width - 8),
      width,
    });
  }, [open]);

  useDismiss(open, [popup, button], () => {
    setOpen(false);
    onClose();
  });

  useEffect(() => {
    if (disabled) setOpen(false);
  }, [disabled]);

  return (
    <>
      <button
        ref={button}
        type="button"
        aria-label="Choose an emoji"
        title="Choose an emoji"
        aria-expanded={open}
        aria-haspopup="dialog"
        disabled={disabled}
        onClick={() => setOpen((value) => !value)}
        onPointerEnter={preloadEmojiPicker}
        onFocus={preloadEmojiPicker}
        className={clsx(
          "rounded p-1 text-muted hover:bg-hover hover:text-text focus-visible:outline-2 focus-visible:outline-accent",
          open && "text-text",
          className,
        )}
      >
        <Smile className="size-6" />
      </button>
      {open &&
        position &&
        createPortal(
          <div
            ref={popup}
            role="dialog"
            aria-label="Pick an emoji"
            className="fixed z-50 rounded-lg bg-sidebar shadow-xl ring-1 ring-line"
            style={position}
          >
            <EmojiPickerPanel
              width={position.width}
              height={PICKER_HEIGHT}
              autoFocusSearch
              onPick={(emoji) => {
                setOpen(false);
                onPick(emoji);
              }}
            />
          </div>,
          document.body,
        )}
    </>
  );
}
