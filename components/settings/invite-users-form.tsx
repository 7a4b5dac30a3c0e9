"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FormError, TextAreaField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { inviteUsersAction } from "@/lib/actions/moderation";
import type { BatchResult } from "@/lib/dto";

/** Adds up to 100 users by username at once; shows who could not be added and why. */
export function InviteUsersForm({ communityId }: { communityId: string }) {
  const [names, setNames] = useState("");
  const [results, setResults] = useState<BatchResult[]>([]);
  const { pending, error, fieldErrors, submit } = useSubmit();
  const usernames = names.split(/[\s,]+/).map((n) => n.replace(/^@/, "")).filter(Boolean);

  const invite = () =>
    submit(
      () => inviteUsersAction({ communityId, usernames }),
      ({ results }) => {
        setResults(results);
        const added = results.filter((r) => r.ok).length;
        if (added) toast.success(`Added ${added} ${added === 1 ? "member" : "members"}.`);
        setNames(results.filter((r) => !r.ok).map((r) => r.username).join(" "));
      },
    );

  return (
    <div className="flex flex-col gap-3">
      <FormError message={error ?? fieldErrors.usernames?.[0]} />
      <TextAreaField label="Usernames (separated by spaces or commas, up to 100)" name="usernames" value={names} onChange={(e) => setNames(e.target.value)} />
      <div>
        <Button onClick={invite} pending={pending} disabled={usernames.length === 0}>
          Add {usernames.length > 1 ? `${usernames.length} users` : "user"}
        </Button>
      </div>
      {results.some((r) => !r.ok) && (
        <ul aria-label="Not added" className="rounded bg-rail p-3 text-sm">
          {results
            .filter((r) => !r.ok)
            .map((r) => (
              <li key={r.username} className="text-[#ffb3b5]">
                {r.message}
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}
