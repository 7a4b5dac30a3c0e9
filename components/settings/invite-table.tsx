"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { LocalTime } from "@/components/ui/local-time";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { InviteDialog } from "./invite-dialog";
import { revokeInviteAction } from "@/lib/actions/moderation";

type Invite = {
  code: string;
  uses: number;
  maxUses: number | null;
  expiresAt: string | null;
  creator: { displayName: string };
};

export function InviteTable({
  communityId,
  communityName,
  invites,
}: {
  communityId: string;
  communityName: string;
  invites: Invite[];
}) {
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const { pending, error, submit } = useSubmit();
  const revoke = (code: string) =>
    submit(
      () => revokeInviteAction(code),
      () => {
        toast.success("Invite link revoked");
        router.refresh();
      },
    );
  return (
    <div className="flex flex-col gap-3">
      <FormError message={error} />
      <div>
        <Button onClick={() => setCreating(true)}>Create invite link</Button>
      </div>
      {invites.length === 0 ? (
        <p className="text-sm text-muted">No active invite links.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-muted">
            <tr>
              <th className="py-2">Code</th>
              <th>Created by</th>
              <th>Uses</th>
              <th>Expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {invites.map((invite) => (
              <tr key={invite.code} className="border-t border-line" data-testid="invite-row">
                <td className="py-2 font-mono">{invite.code}</td>
                <td>{invite.creator.displayName}</td>
                <td>
                  {invite.uses}
                  {invite.maxUses !== null && ` / ${invite.maxUses}`}
                </td>
                <td>{invite.expiresAt ? <LocalTime iso={invite.expiresAt} /> : "Never"}</td>
                <td className="text-right">
                  <Button
                    variant="ghost"
                    pending={pending}
                    onClick={() => revoke(invite.code)}
                    aria-label={`Revoke ${invite.code}`}
                  >
                    Revoke
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <InviteDialog
        communityId={communityId}
        communityName={communityName}
        open={creating}
        onOpenChange={(open) => {
          setCreating(open);
          if (!open) router.refresh();
        }}
      />
    </div>
  );
}
