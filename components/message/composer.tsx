"use client";

import { clsx } from "clsx";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Mic, PlusCircle, Square, X } from "lucide-react";
import { IconButton } from "@/components/ui/icon-button";
import { limits } from "@/lib/limits";
import type { MemberDTO, ReplyPreviewDTO } from "@/lib/dto";
import { formatBytes, formatDuration } from "./attachment-view";
import type { AttachmentDraft } from "./message-state";

const characterCount = (text: string) => Array.from(text).length;

type Props = {
  channelName: string;
  /** the textbox's name and placeholder (default "Message #<channel>") */
  label?: string;
  communityId: string;
  channelId: string;
  canMentionEveryone: boolean;
  onSend: (content: string, replyTo: ReplyPreviewDTO | null) => void;
  onUpload: (draft: AttachmentDraft, replyTo: ReplyPreviewDTO | null) => void;
  replyTo: ReplyPreviewDTO | null;
  onCancelReply: () => void;
  disabledReason?: string;
  /** slowmode: seconds between sends, and when the current wait ends (epoch ms) */
  slowmodeSeconds?: number;
  cooldownUntil?: number;
  /** called on every keystroke that leaves text in the box (the caller throttles) */
  onTyping?: () => void;
};

/**
 * Enter sends, Shift+Enter adds a line, Esc cancels a reply. Empty text never sends; overlong text
 * says so and waits. `@` offers members to mention; the + button attaches a file, the microphone
 * records a voice message.
 */
export function Composer(props: Props) {
  const {
    channelName,
    label = `Message #${channelName}`,
    communityId,
    channelId,
    canMentionEveryone,
    onSend,
    onUpload,
    replyTo,
    onCancelReply,
    disabledReason,
    slowmodeSeconds = 0,
    cooldownUntil = 0,
    onTyping,
  } = props;
  const disabled = Boolean(disabledReason);
  const wait = useSecondsLeft(cooldownUntil);
  const [text, setText] = useDraft(channelId);
  const [error, setError] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const count = characterCount(text.trim());
  const over = count - limits.messageLength;
  const mention = useMentionSuggestions(communityId, channelId, area, canMentionEveryone);

  useLayoutEffect(() => {
    const element = area.current;
    if (!element) return;
    element.style.height = "auto";
    element.style.height = `${Math.min(element.scrollHeight, 320)}px`;
  }, [text]);

  useEffect(() => {
    if (replyTo) area.current?.focus();
  }, [replyTo]);

  function submit() {
    const content = text.trim();
    if (!content || wait > 0) return;
    if (over > 0) {
      setError(
        `Your message is too long: ${count.toLocaleString("en-US")} of ${limits.messageLength.toLocaleString("en-US")} characters.`,
      );
      return;
    }
    onSend(content, replyTo);
    setText("");
    setError(null);
  }

  function attach(files: FileList | null) {
    for (const file of Array.from(files ?? [])) {
      if (file.size > limits.attachmentBytes) {
        toast.error(
          `“${file.name}” is ${formatBytes(file.size)}: files can be at most ${formatBytes(limits.attachmentBytes)}.`,
        );
        continue;
      }
      if (file.size === 0) {
        toast.error(`“${file.name}” is empty.`);
        continue;
      }
      onUpload({ file, fileName: file.name, kind: "file", caption: "" }, replyTo);
    }
    if (picker.current) picker.current.value = "";
  }

  function insertMention(handle: string) {
    const element = area.current;
    if (!element || !mention.query) return;
    const caret = element.selectionStart;
    const start = caret - mention.query.length - 1;
    const next = `${text.slice(0, start)}@${handle} ${text.slice(caret)}`;
    setText(next);
    mention.close();
    requestAnimationFrame(() => {
      element.focus();
      element.setSelectionRange(start + handle.length + 2, start + handle.length + 2);
    });
  }

  return (
    <form
      className="relative shrink-0 px-4"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      onDragOver={(event) => event.preventDefault()}
      onDrop={(event) => {
        event.preventDefault();
        if (!disabled) attach(event.dataTransfer.files);
      }}
    >
      {mention.options.length > 0 && (
        <ul
          role="listbox"
          aria-label="Mention a member"
          className="absolute inset-x-4 bottom-full mb-1 overflow-hidden rounded-lg bg-sidebar py-1 shadow-xl ring-1 ring-black/40"
        >
          {mention.options.map((option, index) => (
            <li
              key={option.handle}
              role="option"
              aria-selected={index === mention.active}
              onMouseDown={(event) => {
                event.preventDefault();
                insertMention(option.handle);
              }}
              className={clsx(
                "flex cursor-pointer items-baseline gap-2 px-3 py-1.5 text-sm",
                index === mention.active ? "bg-hover text-white" : "text-text",
              )}
            >
              <span className="font-medium">{option.label}</span>
              <span className="text-xs text-muted">{option.hint}</span>
            </li>
          ))}
        </ul>
      )}
      {replyTo && (
        <div
          className="flex items-center justify-between rounded-t-lg bg-sidebar px-4 py-2 text-sm text-muted"
          data-testid="reply-bar"
        >
          <span className="truncate">
            Replying to <span className="font-semibold text-text">{replyTo.author.displayName}</span>
          </span>
          <IconButton label="Cancel reply" onClick={onCancelReply}>
            <X className="size-4" />
          </IconButton>
        </div>
      )}
      <div className={clsx("flex items-end gap-2 bg-raised px-3", replyTo ? "rounded-b-lg" : "rounded-lg")}>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          aria-label="Attach files"
          onChange={(event) => attach(event.target.files)}
          data-testid="file-input"
        />
        <IconButton label="Attach a file" className="mb-2" disabled={disabled} onClick={() => picker.current?.click()}>
          <PlusCircle className="size-6" />
        </IconButton>
        <textarea
          ref={area}
          value={text}
          rows={1}
          disabled={disabled}
          aria-label={label}
          aria-invalid={over > 0 || undefined}
          aria-autocomplete="list"
          placeholder={disabledReason ?? label}
          onChange={(event) => {
            setText(event.target.value);
            if (event.target.value.trim()) onTyping?.();
            mention.update(event.target.value, event.target.selectionStart);
            if (error) setError(null);
          }}
          onKeyDown={(event) => {
            if (mention.options.length > 0) {
              if (event.key === "ArrowDown" || event.key === "ArrowUp") {
                event.preventDefault();
                mention.move(event.key === "ArrowDown" ? 1 : -1);
                return;
              }
              if ((event.key === "Enter" || event.key === "Tab") && !event.shiftKey) {
                event.preventDefault();
                insertMention(mention.options[mention.active].handle);
                return;
              }
              if (event.key === "Escape") {
                event.preventDefault();
                mention.close();
                return;
              }
            }
            if (event.key === "Escape" && replyTo) onCancelReply();
            if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              submit();
            }
          }}
          onPaste={(event) => {
            if (event.clipboardData.files.length > 0) {
              event.preventDefault();
              attach(event.clipboardData.files);
            }
          }}
          className="max-h-80 min-h-11 flex-1 resize-none bg-transparent py-[11px] text-[15px] leading-[1.375rem] text-text placeholder:text-faint outline-none disabled:cursor-not-allowed"
        />
        {count > limits.messageLength - 500 && (
          <span
            className={over > 0 ? "py-3 text-xs font-semibold text-danger" : "py-3 text-xs text-muted"}
            aria-live="polite"
          >
            {limits.messageLength - count}
          </span>
        )}
        <VoiceRecorder disabled={disabled} onRecorded={(draft) => onUpload(draft, replyTo)} />
      </div>
      {error && (
        <p role="alert" className="mt-1 text-sm text-danger">
          {error}
        </p>
      )}
      {slowmodeSeconds > 0 && !disabled && (
        <p className="mt-1 text-xs text-muted" aria-live="polite" data-testid="slowmode">
          {wait > 0
            ? `Slowmode: you can send again in ${wait}s.`
            : `Slowmode is on: one message every ${formatSeconds(slowmodeSeconds)}.`}
        </p>
      )}
    </form>
  );
}

/** The unsent text of a channel, kept for this tab across channel switches and reloads. */
function useDraft(channelId: string) {
  const key = `draft:${channelId}`;
  const [text, setText] = useState("");
  useEffect(() => {
    // what was typed before this ran (a fast user, a test) wins over the stored draft
    const draft = sessionStorage.getItem(key);
    if (draft) setText((current) => current || draft);
  }, [key]);
  const update = useCallback(
    (next: string) => {
      setText(next);
      if (next) sessionStorage.setItem(key, next);
      else sessionStorage.removeItem(key);
    },
    [key],
  );
  return [text, update] as const;
}

type MentionOption = { handle: string; label: string; hint: string };

/** `@prefix` before the caret → up to 8 members who can read the channel (plus @everyone/@here for managers). */
function useMentionSuggestions(
  communityId: string,
  channelId: string,
  area: React.RefObject<HTMLTextAreaElement | null>,
  canMentionEveryone: boolean,
) {
  const [query, setQuery] = useState<string | null>(null);
  const [options, setOptions] = useState<MentionOption[]>([]);
  const [active, setActive] = useState(0);

  const update = (value: string, caret: number) => {
    const match = /(^|\s)@([\w.]{0,32})$/.exec(value.slice(0, caret));
    setQuery(match ? match[2] : null);
    setActive(0);
  };

  useEffect(() => {
    if (query === null) {
      setOptions([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      const params = new URLSearchParams({ limit: "8", channelId, ...(query && { query }) });
      try {
        const response = await fetch(`/api/communities/${communityId}/members?${params}`, {
          signal: controller.signal,
        });
        const result = await response.json();
        const members: MemberDTO[] = result.ok ? result.data.members : [];
        const special = canMentionEveryone
          ? [
              { handle: "everyone", label: "@everyone", hint: "Notify everyone who can read this channel" },
              { handle: "here", label: "@here", hint: "Notify everyone online" },
            ].filter((option) => option.handle.startsWith(query.toLowerCase()))
          : [];
        setOptions(
          [
            ...members.map((m) => ({ handle: m.username, label: m.displayName, hint: `@${m.username}` })),
            ...special,
          ].slice(0, 8),
        );
      } catch {
        // aborted or offline: no suggestions
      }
    }, 120);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [query, communityId, channelId, canMentionEveryone]);

  // The caret moved away from the token (click elsewhere): close.
  useEffect(() => {
    const element = area.current;
    if (!element) return;
    const onSelect = () => update(element.value, element.selectionStart);
    element.addEventListener("click", onSelect);
    return () => element.removeEventListener("click", onSelect);
  }, [area]);

  return {
    query,
    options: query === null ? [] : options,
    active: Math.min(active, Math.max(options.length - 1, 0)),
    update,
    move: (step: number) => setActive((index) => (index + step + options.length) % Math.max(options.length, 1)),
    close: () => setQuery(null),
  };
}

/** Records a voice message with MediaRecorder; click again to stop and send. */
function VoiceRecorder({ disabled, onRecorded }: { disabled: boolean; onRecorded: (draft: AttachmentDraft) => void }) {
  const [recording, setRecording] = useState<{ recorder: MediaRecorder; startedAt: number } | null>(null);
  const [elapsed, setElapsed] = useState(0);

  useEffect(() => {
    if (!recording) return;
    const timer = setInterval(() => setElapsed(Date.now() - recording.startedAt), 250);
    return () => clearInterval(timer);
  }, [recording]);

  async function start() {
    if (typeof MediaRecorder === "undefined" || !navigator.mediaDevices) {
      toast.error("This browser cannot record audio.");
      return;
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      toast.error("Microphone access was denied.");
      return;
    }
    const mimeType = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4"].find((type) =>
      MediaRecorder.isTypeSupported(type),
    );
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    const chunks: Blob[] = [];
    const startedAt = Date.now();
    recorder.ondataavailable = (event) => event.data.size > 0 && chunks.push(event.data);
    recorder.onstop = () => {
      stream.getTracks().forEach((track) => track.stop());
      const durationMs = Date.now() - startedAt;
      const blob = new Blob(chunks, { type: recorder.mimeType || "audio/webm" });
      if (blob.size === 0 || durationMs < 300) {
        toast.error("The recording was too short.");
        return;
      }
      const extension = blob.type.includes("ogg") ? "ogg" : blob.type.includes("mp4") ? "m4a" : "webm";
      onRecorded({ file: blob, fileName: `voice-message.${extension}`, kind: "voice", durationMs, caption: "" });
    };
    recorder.start(250);
    setElapsed(0);
    setRecording({ recorder, startedAt });
  }

  function stop() {
    recording?.recorder.stop();
    setRecording(null);
  }

  return recording ? (
    <div className="mb-2 flex items-center gap-2">
      <span className="flex items-center gap-1 text-sm tabular-nums text-danger" aria-live="polite">
        <span className="size-2 animate-pulse rounded-full bg-danger" /> {formatDuration(elapsed)}
      </span>
      <IconButton label="Stop and send voice message" onClick={stop} className="text-danger">
        <Square className="size-5 fill-current" />
      </IconButton>
    </div>
  ) : (
    <IconButton label="Record a voice message" className="mb-2" disabled={disabled} onClick={start}>
      <Mic className="size-5" />
    </IconButton>
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
