"use client";

import { useEffect, useState } from "react";
import { Check, X } from "lucide-react";
import { Avatar } from "@/components/ui/avatar";
import { loadPeople, PEOPLE_DEBOUNCE_MS } from "@/components/shell/people-lookup";
import type { SwitchPerson } from "@/lib/dto";

export type PickedPerson = Pick<SwitchPerson, "id" | "displayName" | "username">;

/**
 * Finds people who share a community with the user (by name or username, looked up as one types)
 * and picks up to `max` of them; `exclude` are already in the conversation.
 */
export function PeoplePicker({
  picked,
  onChange,
  max,
  exclude = [],
}: {
  picked: PickedPerson[];
  onChange: (people: PickedPerson[]) => void;
  max: number;
  exclude?: string[];
}) {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<{ state: "idle" | "searching" | "done" | "failed"; people: SwitchPerson[] }>({
    state: "idle",
    people: [],
  });
  useEffect(() => {
    const words = query.trim();
    if (!words) return setFound({ state: "idle", people: [] });
    setFound((current) => ({ ...current, state: "searching" }));
    let live = true;
    const timer = setTimeout(() => {
      loadPeople(words)
        .then((result) => {
          if (live) setFound(result.ok ? { state: "done", people: result.data } : { state: "failed", people: [] });
        })
        .catch(() => live && setFound({ state: "failed", people: [] }));
    }, PEOPLE_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);

  const pickedIds = new Set(picked.map((p) => p.id));
  const full = picked.length >= max;
  const toggle = (person: PickedPerson) =>
    onChange(pickedIds.has(person.id) ? picked.filter((p) => p.id !== person.id) : [...picked, person]);
  const candidates = found.people.filter((person) => !exclude.includes(person.id));

  return (
    <div className="flex flex-col gap-3">
      {picked.length > 0 && (
        <ul aria-label="Chosen" className="flex flex-wrap gap-1.5">
          {picked.map((person) => (
            <li key={person.id}>
              <button
                type="button"
                onClick={() => toggle(person)}
                className="flex items-center gap-1 rounded bg-accent/20 px-2 py-0.5 text-sm text-strong hover:bg-accent/30"
              >
                {person.displayName}
                <X className="size-3.5" aria-hidden />
                <span className="sr-only">(remove)</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        type="search"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          // Enter picks the first person found (it never submits the form half-chosen)
          if (event.key !== "Enter") return;
          event.preventDefault();
          const first = candidates.find((person) => !pickedIds.has(person.id));
          if (first && !full) {
            toggle(first);
            setQuery("");
          }
        }}
        placeholder="Type a name or username"
        aria-label="Find people"
        autoFocus
        className="w-full rounded-[4px] bg-rail px-3 py-2 text-[15px] text-text outline-none placeholder:text-faint focus:ring-2 focus:ring-accent"
      />
      <p className="text-xs text-muted" aria-live="polite">
        {full
          ? `A group can have at most ${max + 1} people, you included.`
          : found.state === "searching"
            ? "Searching…"
            : found.state === "failed"
              ? "Could not look people up. Try again."
              : found.state === "done" && candidates.length === 0
                ? "Nobody found: you can message people who share a community with you."
                : found.state === "idle"
                  ? "People who share a community with you."
                  : ""}
      </p>
      {candidates.length > 0 && (
        <ul aria-label="People" className="flex max-h-60 flex-col gap-0.5 overflow-y-auto">
          {candidates.map((person) => {
            const chosen = pickedIds.has(person.id);
            return (
              <li key={person.id}>
                <button
                  type="button"
                  role="checkbox"
                  aria-checked={chosen}
                  disabled={!chosen && full}
                  onClick={() => toggle(person)}
                  className="flex w-full items-center gap-3 rounded px-2 py-1.5 text-left hover:bg-hover disabled:cursor-not-allowed disabled:opacity-50"
                >
                  <Avatar name={person.displayName} seed={person.id} size={32} />
                  <span className="min-w-0 flex-1 leading-tight">
                    <span className="block truncate text-sm font-medium text-strong">{person.displayName}</span>
                    <span className="block truncate text-xs text-muted">@{person.username}</span>
                  </span>
                  <span
                    aria-hidden
                    className="flex size-5 shrink-0 items-center justify-center rounded border border-line bg-rail"
                  >
                    {chosen && <Check className="size-4 text-accent-text" />}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
