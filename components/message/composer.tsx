"use client";

import { clsx } from "clsx";
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Hash, Mic, PlusCircle, Square, X } from "lucide-react";
import { IconButton } from "@/components/ui/icon-button";
import { limits } from "@/lib/limits";
import type { MemberDTO, ReplyPreviewDTO } from "@/lib/dto";
import { attachFiles } from "./attach-files";
import { formatDuration } from "./attachment-view";
import {
  completeShortcodeAt,
  insertAt,
  replaceShortcodes,
  replaceToken,
  tokenAt,
  type Token,
  type TokenKind,
} from "./autocomplete";
import { matchChannels, type ChannelLink } from "./channel-links";
import { EmojiButton } from "./emoji-button";
import { emojiInTone, loadedEmojiIndex, loadEmojiIndex, readSkinTone, searchEmoji } from "./emoji-data";
import type { AttachmentDraft } from "./message-state";

const characterCount = (text: string) => Array.from(text).length;

/** The composer's icon buttons while it is disabled: dimmed, no hover, the not-allowed cursor. */
const DISABLED_LOOK =
  "disabled:cursor-not-allowed disabled:opacity-40 disabled:hover:bg-transparent disabled:hover:text-muted";

/** A complete `:shortcode:` → its emoji in the remembered skin tone (null until the data has loaded). */
function emojiFor(shortcode: string): string | undefined {
  const entry = loadedEmojiIndex()?.byShortcode.get(shortcode);
  return entry && emojiInTone(entry, readSkinTone());
}

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
  /** the community's channels the reader can see: `#` suggestions */
  channels?: readonly ChannelLink[];
  /** ↑ in the empty box while no suggestions are open (e.g. edit one's last message) */
  onArrowUpEmpty?: () => void;
};

/**
 * Enter sends, Shift+Enter adds a line, Esc cancels a reply. Empty text never sends; overlong text
 * says so and waits. `@` offers members to mention, `:sm` emoji (a whole `:smile:` becomes 😄),
 * `#` channels; the smiley opens the emoji picker, the + button attaches files, the microphone
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
    channels = NO_CHANNELS,
    onArrowUpEmpty,
  } = props;
  const disabled = Boolean(disabledReason);
  const wait = useSecondsLeft(cooldownUntil);
  const [text, setText] = useDraft(channelId);
  const [error, setError] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const count = characterCount(text.trim());
  const over = count - limits.messageLength;
  const suggest = useSuggestions({ communityId, channelId, area, canMentionEveryone, channels });
  const listId = useId();

  useLayoutEffect(() => {
    const element = area.current;
    if (!element) return;
    element.style.height = "auto";
    element.style.height = `${Math.min(element.scrollHeight, 320)}px`;
  }, [text]);

  useEffect(() => {
    if (replyTo) area.current?.focus();
  }, [replyTo]);

  /** Sets the text and, as it renders (before the next key is typed), the caret; focuses the box. */
  const pendingCaret = useRef<number | null>(null);
  function edit(next: { text: string; caret: number }) {
    pendingCaret.current = next.caret;
    setText(next.text);
  }
  useLayoutEffect(() => {
    const caret = pendingCaret.current;
    const element = area.current;
    if (caret === null || !element) return;
    pendingCaret.current = null;
    element.focus();
    element.setSelectionRange(caret, caret);
  });

  function submit() {
    const content = replaceShortcodes(text.trim(), emojiFor);
    if (!content || wait > 0) return;
    if (over > 0) {
      setError(
        `Your message is too long: ${count.toLocaleString("en-US")} of ${limits.messageLength.toLocaleString("en-US")} characters.`,
      );
      return;
    }
    onSend(content, replyTo);
    setText("");
    // a suggestion still on its way (Enter came before the members answered) must not open over the empty box
    suggest.close();
    setError(null);
  }

  function attach(files: FileList | null) {
    attachFiles(files, onUpload, replyTo);
    if (picker.current) picker.current.value = "";
  }

  /** A suggestion picked: it replaces the token being typed. */
  function pick(option: Suggestion) {
    if (!suggest.token) return;
    edit(replaceToken(text, suggest.token, option.insert));
    suggest.close();
  }

  /** An emoji from the picker goes where the caret (or selection) was. */
  function insertEmoji(emoji: string) {
    const element = area.current;
    const start = element?.selectionStart ?? text.length;
    edit(insertAt(text, start, element?.selectionEnd ?? start, emoji));
  }

  const open = suggest.options.length > 0;
  const optionId = (index: number) => `${listId}-${index}`;

  return (
    <form
      className="relative shrink-0 px-4"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {open && (
        <ul
          id={listId}
          role="listbox"
          aria-label={LIST_LABELS[suggest.kind!]}
          className="absolute inset-x-4 bottom-full mb-1 overflow-hidden rounded-lg bg-sidebar py-1 shadow-xl ring-1 ring-line"
        >
          {suggest.options.map((option, index) => (
            <li
              key={option.key}
              id={optionId(index)}
              role="option"
              aria-selected={index === suggest.active}
              onMouseDown={(event) => {
                event.preventDefault();
                pick(option);
              }}
              className={clsx(
                "flex min-h-8 cursor-pointer items-center gap-2 px-3 py-1.5 text-sm",
                index === suggest.active ? "bg-hover text-strong" : "text-text",
              )}
            >
              {option.icon && (
                <span className="w-6 text-center text-xl leading-none" aria-hidden>
                  {option.icon}
                </span>
              )}
              {suggest.kind === "channel" && <Hash className="size-4 text-muted" aria-hidden />}
              <span className="font-medium">{option.label}</span>
              {option.hint && <span className="text-xs text-muted">{option.hint}</span>}
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
        <IconButton
          label="Attach files"
          className={clsx("mb-2", DISABLED_LOOK)}
          disabled={disabled}
          onClick={() => picker.current?.click()}
        >
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
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? optionId(suggest.active) : undefined}
          placeholder={disabledReason ?? label}
          onChange={(event) => {
            const { value, selectionStart: caret } = event.target;
            if (error) setError(null);
            if (value.trim()) onTyping?.();
            // the emoji data loads with the first colon; a `:shortcode:` just closed becomes its emoji
            if (value.includes(":") && !loadedEmojiIndex()) loadEmojiIndex().catch(() => {});
            const completed = value[caret - 1] === ":" ? completeShortcodeAt(value, caret, emojiFor) : null;
            if (completed) {
              edit(completed);
              suggest.update(completed.text, completed.caret);
              return;
            }
            setText(value);
            suggest.update(value, caret);
          }}
          onKeyDown={(event) => {
            if (open) {
              if (event.key === "ArrowDown" || event.key === "ArrowUp") {
                event.preventDefault();
                suggest.move(event.key === "ArrowDown" ? 1 : -1);
                return;
              }
              if ((event.key === "Enter" || event.key === "Tab") && !event.shiftKey) {
                event.preventDefault();
                pick(suggest.options[suggest.active]);
                return;
              }
              if (event.key === "Escape") {
                event.preventDefault();
                suggest.close();
                return;
              }
            }
            if (
              event.key === "ArrowUp" &&
              onArrowUpEmpty &&
              text === "" &&
              !event.shiftKey &&
              !event.altKey &&
              !event.ctrlKey &&
              !event.metaKey
            ) {
              event.preventDefault();
              onArrowUpEmpty();
              return;
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
        <EmojiButton
          disabled={disabled}
          className={clsx("mb-2", DISABLED_LOOK)}
          onPick={insertEmoji}
          onClose={() => area.current?.focus()}
        />
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

const NO_CHANNELS: readonly ChannelLink[] = [];

/** One row of the suggestion list: `insert` replaces the token being typed. */
type Suggestion = { key: string; label: string; hint?: string; icon?: string; insert: string };

const LIST_LABELS: Record<TokenKind, string> = {
  mention: "Mention a member",
  emoji: "Emoji",
  channel: "Channels",
};
const SUGGESTIONS = 8;

/**
 * The suggestion list for the token before the caret: `@prefix` → members who can read the channel
 * whose display name or username starts with it (plus @everyone/@here for managers), `:sm` → emoji
 * by shortcode (their data loads on first use), `#prefix` → the community's channels.
 */
function useSuggestions({
  communityId,
  channelId,
  area,
  canMentionEveryone,
  channels,
}: {
  communityId: string;
  channelId: string;
  area: React.RefObject<HTMLTextAreaElement | null>;
  canMentionEveryone: boolean;
  channels: readonly ChannelLink[];
}) {
  const [token, setToken] = useState<Token | null>(null);
  // the options with the token they answer, so a slow answer never shows under another token
  const [found, setFound] = useState<{ for: string; options: Suggestion[] }>({ for: "", options: [] });
  const [active, setActive] = useState(0);
  const kind = token?.kind;
  const query = token?.query;
  const tokenKey = token ? `${token.kind}:${token.query}` : "";

  const update = useCallback((value: string, caret: number) => {
    setToken(tokenAt(value, caret));
    setActive(0);
  }, []);

  useEffect(() => {
    if (kind === undefined || query === undefined) return;
    const key = `${kind}:${query}`;
    const show = (options: Suggestion[]) => setFound({ for: key, options: options.slice(0, SUGGESTIONS) });
    if (kind === "channel") {
      show(
        matchChannels(channels, query, SUGGESTIONS).map((c) => ({ key: c.id, label: c.name, insert: `#${c.name}` })),
      );
      return;
    }
    let cancelled = false;
    if (kind === "emoji") {
      loadEmojiIndex().then(
        (index) => {
          if (cancelled) return;
          const tone = readSkinTone();
          show(
            searchEmoji(index, query, SUGGESTIONS).map(({ entry, shortcode }) => {
              const emoji = emojiInTone(entry, tone);
              return { key: shortcode, label: `:${shortcode}:`, icon: emoji, insert: emoji };
            }),
          );
        },
        () => {}, // offline: no suggestions
      );
      return () => {
        cancelled = true;
      };
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      const params = new URLSearchParams({ limit: String(SUGGESTIONS), channelId, ...(query && { query }) });
      try {
        const response = await fetch(`/api/communities/${communityId}/members?${params}`, {
          signal: controller.signal,
        });
        const result = await response.json();
        const members: MemberDTO[] = result.ok ? result.data.members : [];
        const special = canMentionEveryone
          ? [
              {
                key: "everyone",
                label: "@everyone",
                hint: "Notify everyone who can read this channel",
                insert: "@everyone",
              },
              { key: "here", label: "@here", hint: "Notify everyone online", insert: "@here" },
            ].filter((option) => option.key.startsWith(query.toLowerCase()))
          : [];
        show([
          ...members.map((m) => ({
            key: m.username,
            label: m.displayName,
            hint: `@${m.username}`,
            insert: `@${m.username}`,
          })),
          ...special,
        ]);
      } catch {
        // aborted or offline: no suggestions
      }
    }, 120);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [kind, query, communityId, channelId, canMentionEveryone, channels]);

  // The caret moved away from the token (click elsewhere): close.
  useEffect(() => {
    const element = area.current;
    if (!element) return;
    const onSelect = () => update(element.value, element.selectionStart);
    element.addEventListener("click", onSelect);
    return () => element.removeEventListener("click", onSelect);
  }, [area, update]);

  const options = token && found.for === tokenKey ? found.options : [];
  return {
    token,
    kind,
    options,
    active: Math.min(active, Math.max(options.length - 1, 0)),
    update,
    move: (step: number) => setActive((index) => (index + step + options.length) % Math.max(options.length, 1)),
    close: () => setToken(null),
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
        <span className="size-2 animate-pulse rounded-full bg-danger-solid" /> {formatDuration(elapsed)}
      </span>
      <IconButton label="Stop and send voice message" onClick={stop} className="text-danger">
        <Square className="size-5 fill-current" />
      </IconButton>
    </div>
  ) : (
    <IconButton
      label="Record a voice message"
      className={clsx("mb-2", DISABLED_LOOK)}
      disabled={disabled}
      onClick={start}
    >
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
