"use client";

import { useLayoutEffect, useRef, useState } from "react";
import { limits } from "@/lib/limits";

const characterCount = (text: string) => Array.from(text).length;

/** Enter sends, Shift+Enter adds a line. Empty text never sends; overlong text says so and waits. */
export function Composer({ channelName, onSend, disabledReason }: { channelName: string; onSend: (content: string) => void; disabledReason?: string }) {
  const disabled = Boolean(disabledReason);
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
    if (!content) return;
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
    </form>
  );
}
