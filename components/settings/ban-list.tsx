"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { LocalTime } from "@/components/ui/local-time";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { unbanAction } from "@/lib/actions/moderation";

type Ban = {
  user: { id: string; username: string; displayName: string };
  reason: string;
  bannedBy: { displayName: string };
  createdAt: string;
};

export function BanList({ communityId, bans }: { communityId: string; bans: Ban[] }) {
  const router = useRouter();
  const { pending, error, submit } = useSubmit();
  const [unbanning, setUnbanning] = useState<string | null>(null);
  const unban = (ban: Ban) => {
    setUnbanning(ban.user.id);
    return submit(
      () => unbanAction({ communityId, userId: ban.user.id }),
      () => {
        toast.success(`${ban.user.displayName} is no longer banned.`);
        router.refresh();
      },
    );
  };
  if (bans.length === 0) return <p className="text-sm text-muted">Nobody is banned.</p>;
  return (
    <div className="flex flex-col gap-2">
      <FormError message={error} />
      <ul className="flex flex-col gap-2">
        {bans.map((ban) => (
          <li
            key={ban.user.id}
            data-testid="ban"
            className="flex flex-wrap items-center justify-end gap-x-3 gap-y-2 rounded bg-rail p-3 text-sm"
          >
            <div className="min-w-0 flex-[1_1_16rem]">
              <div className="break-words font-medium text-strong">
                {ban.user.displayName} <span className="text-muted">@{ban.user.username}</span>
              </div>
              <div className="break-words text-muted">
                {ban.reason ? `“${ban.reason}”` : "No reason given"} · by {ban.bannedBy.displayName},{" "}
                <LocalTime iso={ban.createdAt} />
              </div>
            </div>
            <Button
              variant="secondary"
              pending={pending && unbanning === ban.user.id}
              disabled={pending}
              onClick={() => unban(ban)}
            >
              Unban
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
