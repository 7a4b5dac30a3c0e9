"use client";

import { clsx } from "clsx";
import { useState } from "react";
import { toast } from "sonner";
import { PresenceDot } from "@/components/realtime/presence";
import { useMyStatus } from "@/components/realtime/my-status";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import type { PresenceMode, PresenceStatus } from "@/lib/dto";
import { CUSTOM_STATUS_MAX, customStatusDurations } from "@/lib/schemas/account";

const modes: { mode: PresenceMode; shown: PresenceStatus; title: string; text: string }[] = [
  { mode: "AUTO", shown: "online", title: "Online", text: "Idle after 10 minutes away." },
  { mode: "IDLE", shown: "idle", title: "Idle", text: "Shown as away." },
  { mode: "DND", shown: "dnd", title: "Do not disturb", text: "No desktop notifications; badges still count." },
  { mode: "INVISIBLE", shown: "offline", title: "Invisible", text: "Shown offline to others; you can still chat." },
];

const durationLabels: Record<(typeof customStatusDurations)[number], string> = {
  "30m": "30 minutes",
  "1h": "1 hour",
  "4h": "4 hours",
  today: "Today",
  never: "Don't clear",
};

const quickEmoji = ["💬", "📅", "🎧", "💻", "🏖️", "🤒", "🚗", "🍕"];

const endOfToday = () => {
  const end = new Date();
  end.setHours(23, 59, 59, 999);
  return end.toISOString();
};

/** Status (online, idle, do not disturb, invisible) and a custom status with an emoji and an expiry. */
export function StatusDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { status, setStatus } = useMyStatus();
  const [mode, setMode] = useState<PresenceMode>(status.mode);
  const [emoji, setEmoji] = useState(status.custom?.emoji ?? "");
  const { pending, error, fieldErrors, submit } = useSubmit();

  const save = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = String(form.get("customText") ?? "").trim();
    const clearAfter = String(form.get("clearAfter") ?? "never") as (typeof customStatusDurations)[number];
    return submit(
      () =>
        setStatus({
          mode,
          custom: text || emoji ? { text, emoji, clearAfter, todayEndsAt: endOfToday() } : null,
        }),
      () => {
        toast.success("Status saved");
        onOpenChange(false);
      },
    );
  };

  const clearCustom = () =>
    submit(
      () => setStatus({ custom: null }),
      () => {
        setEmoji("");
        toast.success("Custom status cleared");
        onOpenChange(false);
      },
    );

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Set your status">
      <form onSubmit={save} noValidate className="flex flex-col gap-4">
        <FormError message={error} />
        <fieldset className="flex flex-col gap-1.5">
          <legend className="mb-2 text-xs font-bold uppercase tracking-wide text-muted">Status</legend>
          {modes.map((choice) => (
            <label
              key={choice.mode}
              className="flex cursor-pointer items-center gap-3 rounded bg-rail px-3 py-2 has-[:checked]:ring-2 has-[:checked]:ring-accent"
            >
              <input
                type="radio"
                name="mode"
                value={choice.mode}
                checked={mode === choice.mode}
                onChange={() => setMode(choice.mode)}
                className="sr-only"
              />
              <span className="relative size-3.5 shrink-0" aria-hidden>
                <PresenceDot status={choice.shown} className="static! block border-0!" />
              </span>
              <span className="min-w-0">
                <span className="block text-sm font-medium text-strong">{choice.title}</span>
                <span className="block text-xs text-muted">{choice.text}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-2 text-xs font-bold uppercase tracking-wide text-muted">Custom status</legend>
          <div role="radiogroup" aria-label="Emoji" className="flex flex-wrap gap-1">
            {["", ...quickEmoji].map((choice) => (
              <button
                key={choice || "none"}
                type="button"
                role="radio"
                aria-checked={emoji === choice}
                aria-label={choice || "No emoji"}
                onClick={() => setEmoji(choice)}
                className={clsx(
                  "flex size-9 items-center justify-center rounded text-lg hover:bg-hover",
                  emoji === choice ? "bg-raised ring-2 ring-accent" : "bg-rail",
                )}
              >
                {choice || <span className="text-xs text-muted">none</span>}
              </button>
            ))}
          </div>
          <TextField
            label="What's happening?"
            name="customText"
            defaultValue={status.custom?.text ?? ""}
            maxLength={CUSTOM_STATUS_MAX}
            placeholder="In a meeting until 3"
            error={fieldErrors["custom.text"]?.[0] ?? fieldErrors.custom?.[0]}
          />
          <SelectField label="Clear after" name="clearAfter" defaultValue="today">
            {customStatusDurations.map((duration) => (
              <option key={duration} value={duration}>
                {durationLabels[duration]}
              </option>
            ))}
          </SelectField>
        </fieldset>
        <div className="flex flex-wrap justify-end gap-2">
          {status.custom && (
            <Button type="button" variant="ghost" onClick={() => void clearCustom()} disabled={pending}>
              Clear custom status
            </Button>
          )}
          <Button type="submit" pending={pending}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
