"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { IconButton } from "@/components/ui/icon-button";
import { withFailureToast } from "@/components/ui/toast-failure";
import { useSubmit } from "@/components/ui/use-submit";
import { setChannelAttributesAction } from "@/lib/actions/channels";
import { setAttributesAction } from "@/lib/actions/moderation";
import { limits } from "@/lib/limits";

type Row = { id: number; key: string; value: string };
/** Whose attributes: a community's or a channel's (the same rules and the same editor). */
type Owner = { communityId: string; channelId?: never } | { channelId: string; communityId?: never };

const saveFor = (owner: Owner) => (changes: { set: Record<string, string>; remove: string[] }) =>
  owner.channelId !== undefined
    ? setChannelAttributesAction({ channelId: owner.channelId, ...changes })
    : setAttributesAction({ communityId: owner.communityId, ...changes });

/** Up to 10 key/value attributes: edit, add and remove several, save once; failures shown per key. */
export function AttributesEditor({
  initial,
  editable,
  ...owner
}: Owner & { initial: Record<string, string>; editable: boolean }) {
  const max = owner.channelId !== undefined ? limits.attributesPerChannel : limits.attributesPerCommunity;
  const toRows = (attributes: Record<string, string>) =>
    Object.entries(attributes).map(([key, value], id) => ({ id, key, value }));
  // What the server holds now: the page's props at first, then each save's answer.
  const [saved, setSaved] = useState(initial);
  const [rows, setRows] = useState<Row[]>(toRows(initial));
  const [failures, setFailures] = useState<Array<{ key: string; message: string }>>([]);
  const { pending, error, submit } = useSubmit();
  const nextId = () => Math.max(0, ...rows.map((r) => r.id)) + 1;

  function save() {
    const set: Record<string, string> = {};
    for (const row of rows) if (row.key.trim() && saved[row.key.trim()] !== row.value) set[row.key.trim()] = row.value;
    const kept = new Set(rows.map((row) => row.key.trim()));
    const remove = Object.keys(saved).filter((key) => !kept.has(key));
    return submit(
      withFailureToast(() => saveFor(owner as Owner)({ set, remove })),
      (result) => {
        setFailures(result.failures);
        setSaved(result.attributes);
        setRows(toRows(result.attributes));
        if (result.failures.length)
          toast.warning(`Saved, except ${result.failures.length} ${result.failures.length === 1 ? "key" : "keys"}.`);
        else toast.success("Attributes saved");
      },
    );
  }

  if (!editable && rows.length === 0) return <p className="text-sm text-muted">No attributes.</p>;
  return (
    <div className="flex flex-col gap-2">
      <FormError message={error} />
      {failures.length > 0 && (
        <ul role="alert" className="rounded border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-[#ffb3b5]">
          {failures.map((failure) => (
            <li key={failure.key}>{failure.message}</li>
          ))}
        </ul>
      )}
      {rows.map((row, index) => (
        <div key={row.id} className="flex gap-2">
          <input
            aria-label={`Attribute ${index + 1} key`}
            value={row.key}
            disabled={!editable}
            placeholder="key"
            onChange={(e) => setRows(rows.map((r) => (r.id === row.id ? { ...r, key: e.target.value } : r)))}
            className="w-40 rounded bg-rail px-3 py-2 text-sm text-text outline-none focus:ring-2 focus:ring-accent"
          />
          <input
            aria-label={`Attribute ${index + 1} value`}
            value={row.value}
            disabled={!editable}
            placeholder="value"
            onChange={(e) => setRows(rows.map((r) => (r.id === row.id ? { ...r, value: e.target.value } : r)))}
            className="min-w-0 flex-1 rounded bg-rail px-3 py-2 text-sm text-text outline-none focus:ring-2 focus:ring-accent"
          />
          {editable && (
            <IconButton
              label={`Remove attribute ${row.key || index + 1}`}
              onClick={() => setRows(rows.filter((r) => r.id !== row.id))}
            >
              <X className="size-4" />
            </IconButton>
          )}
        </div>
      ))}
      {editable && (
        <div className="flex gap-2">
          <Button
            type="button"
            variant="ghost"
            disabled={rows.length >= max}
            onClick={() => setRows([...rows, { id: nextId(), key: "", value: "" }])}
          >
            <Plus className="size-4" /> Add attribute
          </Button>
          <Button type="button" onClick={save} pending={pending}>
            Save attributes
          </Button>
        </div>
      )}
    </div>
  );
}
