"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FormError, TextAreaField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { inviteUsersAction } from "@/lib/actions/moderation";
import type { BatchResult } from "@/lib/dto";

/**
 * Invites up to 100 users by username at once: each gets an invitation to accept or decline
 * ("Invited"), or joins at once where the app administrator turned direct add on ("Added").
 * Shows who was invited or added, and who could not be and why.
 */
export function InviteUsersForm({ communityId }: { communityId: string }) {
  const [names, setNames] = useState("");
  const [results, setResults] = useState<BatchResult[]>([]);
  const { pending, error, fieldErrors, submit } = useSubmit();
  const usernames = names
    .split(/[\s,]+/)
    .map((n) => n.replace(/^@/, ""))
    .filter(Boolean);

  const invite = () =>
    submit(
      () => inviteUsersAction({ communityId, usernames }),
      ({ results }) => {
        setResults(results);
        const invited = results.filter((r) => r.ok && r.invited).length;
        const added = results.filter((r) => r.ok && !r.invited).length;
        if (invited)
          toast.success(`Invited ${invited} ${invited === 1 ? "person" : "people"}. They join when they accept.`);
        if (added) toast.success(`Added ${added} ${added === 1 ? "member" : "members"}.`);
        setNames(
          results
            .filter((r) => !r.ok)
            .map((r) => r.username)
            .join(" "),
        );
      },
    );

  return (
    <div className="flex flex-col gap-3">
      <FormError message={error ?? fieldErrors.usernames?.[0]} />
      <TextAreaField
        label="Usernames (separated by spaces or commas, up to 100)"
        name="usernames"
        value={names}
        onChange={(e) => setNames(e.target.value)}
      />
      <div>
        <Button onClick={invite} pending={pending} disabled={usernames.length === 0}>
          Invite {usernames.length > 1 ? `${usernames.length} users` : "user"}
        </Button>
      </div>
      {results.some((r) => r.ok) && (
        <ul aria-label="Invited" className="flex flex-col gap-1 rounded bg-rail p-3 text-sm">
          {results
            .filter((r) => r.ok)
            .map((r) => (
              <li key={r.username} data-testid="invite-result" className="flex items-center gap-2 text-text">
                <span className="font-medium">@{r.username}</span>
                <span
                  className={
                    r.invited
                      ? "rounded bg-accent/20 px-1.5 text-xs font-semibold text-accent-text"
                      : "rounded bg-success/20 px-1.5 text-xs font-semibold text-success"
                  }
                >
                  {r.invited ? "Invited" : "Added"}
                </span>
              </li>
            ))}
        </ul>
      )}
      {results.some((r) => !r.ok) && (
        <ul aria-label="Not invited" className="rounded bg-rail p-3 text-sm">
          {results
            .filter((r) => !r.ok)
            .map((r) => (
              <li key={r.username} className="text-danger">
                {r.message}
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}
