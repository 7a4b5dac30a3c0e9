"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, SelectField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { createInviteAction } from "@/lib/actions/communities";
import { inviteExpiries } from "@/lib/input-bounds";

const expiryLabels: Record<keyof typeof inviteExpiries, string> = {
  "30m": "30 minutes",
  "1h": "1 hour",
  "1d": "1 day",
  "7d": "7 days",
  never: "Never",
};

/** Creates an invite link (expiry, maximum uses) and offers to copy it. */
export function InviteDialog({
  communityId,
  communityName,
  open,
  onOpenChange,
}: {
  communityId: string;
  communityName: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const [expiresIn, setExpiresIn] = useState<keyof typeof inviteExpiries>("7d");
  const [maxUses, setMaxUses] = useState<string>("");
  const [link, setLink] = useState<string | null>(null);
  const { pending, error, submit } = useSubmit();

  const generate = () =>
    submit(
      () => createInviteAction({ communityId, expiresIn, maxUses: maxUses ? Number(maxUses) : null }),
      ({ code }) => setLink(`${window.location.origin}/invite/${code}`),
    );

  async function copy() {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      toast.success("Invite link copied");
    } catch {
      toast.error("Copy failed: select the link and copy it by hand.");
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (!next) setLink(null);
      }}
      title={`Invite friends to ${communityName}`}
      description="Anyone with the link can join as a member."
    >
      <div className="flex flex-col gap-4">
        <FormError message={error} />
        <div className="grid grid-cols-2 gap-3">
          <SelectField
            label="Expire after"
            id="invite-expires-in"
            value={expiresIn}
            onChange={(event) => setExpiresIn(event.target.value as keyof typeof inviteExpiries)}
          >
            {Object.entries(expiryLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Max uses"
            id="invite-max-uses"
            value={maxUses}
            onChange={(event) => setMaxUses(event.target.value)}
          >
            <option value="">No limit</option>
            {[1, 5, 10, 25, 50, 100].map((n) => (
              <option key={n} value={n}>
                {n} {n === 1 ? "use" : "uses"}
              </option>
            ))}
          </SelectField>
        </div>
        {link ? (
          <div className="flex gap-2 rounded-[4px] bg-rail p-1 pl-3">
            <input
              readOnly
              value={link}
              aria-label="Invite link"
              className="min-w-0 flex-1 bg-transparent text-sm text-text outline-none"
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button type="button" onClick={copy}>
              Copy
            </Button>
          </div>
        ) : (
          <Button type="button" onClick={generate} pending={pending}>
            Generate invite link
          </Button>
        )}
      </div>
    </Dialog>
  );
}
