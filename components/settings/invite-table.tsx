"use client";

import { clsx } from "clsx";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { LocalTime } from "@/components/ui/local-time";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { CellLabel, cardTable } from "./card-table";
import { InviteDialog } from "./invite-dialog";
import { revokeInviteAction } from "@/lib/actions/moderation";

const t = cardTable("2xl");

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
  const [revoking, setRevoking] = useState<string | null>(null);
  const revoke = (code: string) => {
    setRevoking(code);
    return submit(
      () => revokeInviteAction(code),
      () => {
        toast.success("Invite link revoked");
        router.refresh();
      },
    );
  };
  return (
    <div className="flex flex-col gap-3">
      <FormError message={error} />
      <div>
        <Button onClick={() => setCreating(true)}>Create invite link</Button>
      </div>
      {invites.length === 0 ? (
        <p className="text-sm text-muted">No active invite links.</p>
      ) : (
        <table className={t.table} aria-label="Invite links">
          <thead className={t.thead}>
            <tr>
              <th scope="col" className={t.th}>
                Code
              </th>
              <th scope="col" className={t.th}>
                Created by
              </th>
              <th scope="col" className={t.th}>
                Uses
              </th>
              <th scope="col" className={t.th}>
                Expires
              </th>
              <th scope="col" className={t.th}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className={t.tbody}>
            {invites.map((invite) => (
              <tr key={invite.code} className={t.tr} data-testid="invite-row">
                <th scope="row" className={clsx(t.title, "break-all font-mono text-strong")}>
                  {invite.code}
                </th>
                <td className={t.td}>
                  <CellLabel fold="2xl">Created by</CellLabel>
                  <span className="min-w-0 break-words">{invite.creator.displayName}</span>
                </td>
                <td className={clsx(t.td, "tabular-nums")}>
                  <CellLabel fold="2xl">Uses</CellLabel>
                  <span className="whitespace-nowrap">
                    {invite.uses}
                    {invite.maxUses !== null && ` / ${invite.maxUses}`}
                  </span>
                </td>
                <td className={t.td}>
                  <CellLabel fold="2xl">Expires</CellLabel>
                  {invite.expiresAt ? <LocalTime iso={invite.expiresAt} /> : "Never"}
                </td>
                <td className={t.actions}>
                  <Button
                    variant="ghost"
                    pending={pending && revoking === invite.code}
                    disabled={pending}
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
