"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { dismissCommunityAction, leaveCommunityAction } from "@/lib/actions/moderation";
import type { Role } from "@/lib/dto";

/** Owner: delete the community (typing its name). Others: leave it. Both confirmed. */
export function DangerZone({
  communityId,
  communityName,
  role,
}: {
  communityId: string;
  communityName: string;
  role: Role;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const { pending, error, fieldErrors, submit } = useSubmit();
  const owner = role === "OWNER";

  const confirm = (event: React.FormEvent) => {
    event.preventDefault();
    if (owner && typed.trim() !== communityName) return;
    return submit(
      () => (owner ? dismissCommunityAction({ communityId, confirmName: typed }) : leaveCommunityAction(communityId)),
      () => {
        toast.success(owner ? `${communityName} was deleted.` : `You left ${communityName}.`);
        router.replace("/");
        router.refresh();
      },
    );
  };

  return (
    <div className="rounded border border-danger/50 p-4">
      <p className="text-sm text-muted">
        {owner
          ? "Deleting the community removes every channel and message for everyone. It cannot be undone."
          : "Leave this community. You will need an invite to come back."}
      </p>
      <Button variant="danger" className="mt-3" onClick={() => setOpen(true)}>
        {owner ? "Delete community" : "Leave community"}
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title={owner ? `Delete ${communityName}?` : `Leave ${communityName}?`}>
        <form onSubmit={confirm} noValidate className="flex flex-col gap-4">
          <FormError message={error} />
          {owner && (
            <TextField
              label={`Type the community's name to confirm`}
              name="confirmName"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              error={fieldErrors.confirmName?.[0]}
              autoComplete="off"
            />
          )}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" pending={pending} disabled={owner && typed.trim() !== communityName}>
              {owner ? "Delete community" : "Leave"}
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
