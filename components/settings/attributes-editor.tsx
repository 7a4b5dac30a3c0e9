"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { IconButton } from "@/components/ui/icon-button";
import { withFailureToast } from "@/components/ui/toast-failure";
import { useSubmit } from "@/components/ui/use-submit";
import { setAttributesAction } from "@/lib/actions/moderation";
import { limits } from "@/lib/limits";

type Row = { id: number; key: string; value: string };
type Attributes = Record<string, string>;
/** What a save answers: what the server holds now, and the keys it refused with why. */
export type AttributesSaved = { attributes: Attributes; failures: Array<{ key: string; message: string }> };

const toRows = (attributes: Attributes) => Object.entries(attributes).map(([key, value], id) => ({ id, key, value }));

/**
 * Attributes being edited (a community's or a channel's): the rows on screen against what the
 * server holds, the changes that turn one into the other, and the keys the last save refused.
 */
export function useAttributesDraft(initial: Attributes = {}) {
  // What the server holds now: the page's props (or the dialog's load) at first, then each save's answer.
  const [saved, setSaved] = useState(initial);
  const [rows, setRows] = useState<Row[]>(() => toRows(initial));
  const [failures, setFailures] = useState<AttributesSaved["failures"]>([]);

  const set: Attributes = {};
  for (const row of rows) if (row.key.trim() && saved[row.key.trim()] !== row.value) set[row.key.trim()] = row.value;
  const kept = new Set(rows.map((row) => row.key.trim()));
  const remove = Object.keys(saved).filter((key) => !kept.has(key));

  return {
    rows,
    setRows,
    failures,
    changes: { set, remove },
    dirty: Object.keys(set).length > 0 || remove.length > 0,
    /** Starts over from what the server holds (after loading, or after a save). */
    reset(result: AttributesSaved) {
      setSaved(result.attributes);
      setRows(toRows(result.attributes));
      setFailures(result.failures);
    },
  };
}
export type AttributesDraft = ReturnType<typeof useAttributesDraft>;

/** Tells how a save went: a toast, the refused keys staying on screen. */
export function announceAttributesSaved(result: AttributesSaved) {
  if (result.failures.length)
    toast.warning(`Saved, except ${result.failures.length} ${result.failures.length === 1 ? "key" : "keys"}.`);
  else toast.success("Attributes saved");
}

/** The rows of key/value inputs, the refused keys, and "Add attribute" (no save of its own). */
export function AttributeRows({ draft, editable, max }: { draft: AttributesDraft; editable: boolean; max: number }) {
  const { rows, setRows, failures } = draft;
  const nextId = () => Math.max(0, ...rows.map((r) => r.id)) + 1;
  return (
    <>
      {failures.length > 0 && (
        <ul role="alert" className="rounded border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger">
          {failures.map((failure) => (
            <li key={failure.key}>{failure.message}</li>
          ))}
        </ul>
      )}
      {rows.map((row, index) => (
        <div key={row.id} className="flex items-center gap-2">
          <input
            aria-label={`Attribute ${index + 1} key`}
            value={row.key}
            disabled={!editable}
            placeholder="key"
            onChange={(e) => setRows(rows.map((r) => (r.id === row.id ? { ...r, key: e.target.value } : r)))}
            className="w-[38%] min-w-0 max-w-40 rounded bg-rail px-3 py-2 text-sm text-text outline-none placeholder:text-faint focus:ring-2 focus:ring-accent"
          />
          <input
            aria-label={`Attribute ${index + 1} value`}
            value={row.value}
            disabled={!editable}
            placeholder="value"
            onChange={(e) => setRows(rows.map((r) => (r.id === row.id ? { ...r, value: e.target.value } : r)))}
            className="min-w-0 flex-1 rounded bg-rail px-3 py-2 text-sm text-text outline-none placeholder:text-faint focus:ring-2 focus:ring-accent"
          />
          {editable && (
            <IconButton
              label={`Remove attribute ${row.key || index + 1}`}
              className="shrink-0"
              onClick={() => setRows(rows.filter((r) => r.id !== row.id))}
            >
              <X className="size-4" aria-hidden />
            </IconButton>
          )}
        </div>
      ))}
      {editable && (
        <div>
          <Button
            type="button"
            variant="ghost"
            disabled={rows.length >= max}
            onClick={() => setRows([...rows, { id: nextId(), key: "", value: "" }])}
          >
            <Plus className="size-4" aria-hidden /> Add attribute
          </Button>
        </div>
      )}
    </>
  );
}

/**
 * A community's up to 10 key/value attributes on its settings page: edit, add and remove several,
 * save once; failures shown per key. (The channel settings dialog saves its rows with the rest.)
 */
export function AttributesEditor({
  communityId,
  initial,
  editable,
}: {
  communityId: string;
  initial: Attributes;
  editable: boolean;
}) {
  const draft = useAttributesDraft(initial);
  const { pending, error, submit } = useSubmit();

  const save = (event: React.FormEvent) => {
    event.preventDefault();
    return submit(
      withFailureToast(() => setAttributesAction({ communityId, ...draft.changes })),
      (result) => {
        draft.reset(result);
        announceAttributesSaved(result);
      },
    );
  };

  if (!editable && draft.rows.length === 0) return <p className="text-sm text-muted">No attributes.</p>;
  return (
    <form onSubmit={save} noValidate aria-label="Attributes" className="flex flex-col gap-2">
      <FormError message={error} />
      <AttributeRows draft={draft} editable={editable} max={limits.attributesPerCommunity} />
      {editable && (
        <div>
          <Button type="submit" pending={pending} disabled={!draft.dirty}>
            Save attributes
          </Button>
        </div>
      )}
    </form>
  );
}
