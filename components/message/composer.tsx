"use client";

import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { limits } from "@/lib/limits";

const characterCount = (text: string) => Array.from(text).length;

/** Enter sends, Shift+Enter adds a line. Empty text never sends; overlong text says so and waits. */
type Props = {
  channelName: string;
  onSend: (content: string) => void;
  disabledReason?: string;
  /** slowmode: seconds between sends, and when the current wait ends (epoch ms) */
  slowmodeSeconds?: number;
  cooldownUntil?: number;
};

export function Composer({ channelName, onSend, disabledReason, slowmodeSeconds = 0, cooldownUntil = 0 }: Props) {
  const disabled = Boolean(disabledReason);
  const wait = useSecondsLeft(cooldownUntil);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const count = characterCount(text.trim());
  const over = count - limits.messageLength;

  useLayoutEffect(() => {
    const element = area.current;
    if (!element) return;
    element.style.height = "auto";
    element.style.height = `${Math.min(element.scrollHeight, 320)}px`;
  }, [text]);

  function submit() {
    const content = text.trim();
    if (!content || wait > 0) return;
    if (over > 0) {
      setError(`Your message is too long: ${count.toLocaleString("en-US")} of ${limits.messageLength.toLocaleString("en-US")} characters.`);
      return;
    }
    onSend(content);
    setText("");
    setError(null);
  }

  return (
    <form
      className="shrink-0 px-4 pb-6"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="flex items-end rounded-lg bg-raised px-4">
        <textarea
          ref={area}
          value={text}
          rows={1}
          disabled={disabled}
          aria-label={`Message #${channelName}`}
          aria-invalid={over > 0 || undefined}
          placeholder={disabledReason ?? `Message #${channelName}`}
          onChange={(event) => {
            setText(event.target.value);
            if (error) setError(null);
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              submit();
            }
          }}
          className="max-h-80 min-h-11 flex-1 resize-none bg-transparent py-[11px] text-[15px] leading-[1.375rem] text-text placeholder:text-faint outline-none disabled:cursor-not-allowed"
        />
        {count > limits.messageLength - 500 && (
          <span className={over > 0 ? "py-3 pl-2 text-xs font-semibold text-danger" : "py-3 pl-2 text-xs text-muted"} aria-live="polite">
            {limits.messageLength - count}
          </span>
        )}
      </div>
      {error && (
        <p role="alert" className="mt-1 text-sm text-danger">
          {error}
        </p>
      )}
      {slowmodeSeconds > 0 && !disabled && (
        <p className="mt-1 text-xs text-muted" aria-live="polite" data-testid="slowmode">
          {wait > 0 ? `Slowmode: you can send again in ${wait}s.` : `Slowmode is on: one message every ${formatSeconds(slowmodeSeconds)}.`}
        </p>
      )}
    </form>
  );
}

/** Whole seconds until a moment, ticking each second (0 once it has passed). */
function useSecondsLeft(until: number) {
  const left = () => Math.max(0, Math.ceil((until - Date.now()) / 1000));
  const [seconds, setSeconds] = useState(left);
  useEffect(() => {
    setSeconds(left());
    if (until <= Date.now()) return;
    const timer = setInterval(() => {
      const next = left();
      setSeconds(next);
      if (next === 0) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [until]);
  return seconds;
}

function formatSeconds(seconds: number) {
  if (seconds < 60) return `${seconds} seconds`;
  if (seconds < 3600) return `${seconds / 60} ${seconds === 60 ? "minute" : "minutes"}`;
  return `${seconds / 3600} ${seconds === 3600 ? "hour" : "hours"}`;
}
