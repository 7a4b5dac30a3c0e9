"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Users } from "lucide-react";
import { initials } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, TextAreaField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { joinOpenCommunityAction, requestToJoinAction } from "@/lib/actions/moderation";
import type { JoinMode } from "@/lib/dto";

type Found = {
  id: string;
  name: string;
  notice: string;
  memberCount: number;
  joinMode: JoinMode;
  isMember: boolean;
  requestPending: boolean;
};

/** Discovery results: join open communities in one click, or ask to join with a short message. */
export function DiscoverList({ communities }: { communities: Found[] }) {
  const router = useRouter();
  const [asking, setAsking] = useState<Found | null>(null);
  const [message, setMessage] = useState("");
  const { pending, error, fieldErrors, submit } = useSubmit();

  const join = (community: Found) =>
    submit(
      () => joinOpenCommunityAction(community.id),
      (joined) => {
        toast.success(`Welcome to ${joined.name}!`);
        router.push(`/c/${joined.id}`);
        router.refresh();
      },
    );
  const ask = () =>
    asking &&
    submit(
      () => requestToJoinAction({ communityId: asking.id, message }),
      () => {
        toast.success(`Request sent to ${asking.name}. You will hear back here.`);
        setAsking(null);
        setMessage("");
        router.refresh();
      },
    );

  if (communities.length === 0) return <p className="py-10 text-center text-muted">No public communities match.</p>;
  return (
    <>
      <FormError message={asking ? null : error} />
      <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
        {communities.map((community) => (
          <li key={community.id} data-testid="discover-card" className="flex flex-col gap-3 rounded-lg bg-sidebar p-4">
            <div className="flex items-center gap-3">
              <span className="flex size-12 shrink-0 items-center justify-center rounded-2xl bg-accent font-semibold text-white">
                {initials(community.name)}
              </span>
              <div className="min-w-0">
                <h2 className="truncate font-semibold text-strong" title={community.name}>
                  {community.name}
                </h2>
                <p className="flex items-center gap-1 text-xs text-muted">
                  <Users className="size-3" /> {community.memberCount.toLocaleString("en-US")} ·{" "}
                  {community.joinMode === "OPEN" ? "Open" : "Approval"}
                </p>
              </div>
            </div>
            {community.notice && <p className="line-clamp-3 break-words text-sm text-muted">{community.notice}</p>}
            <div className="mt-auto">
              {community.isMember ? (
                <Button variant="secondary" onClick={() => router.push(`/c/${community.id}`)}>
                  Open
                </Button>
              ) : community.requestPending ? (
                <Button variant="secondary" disabled>
                  Request pending
                </Button>
              ) : community.joinMode === "OPEN" ? (
                <Button pending={pending} onClick={() => join(community)} aria-label={`Join ${community.name}`}>
                  Join
                </Button>
              ) : (
                <Button onClick={() => setAsking(community)} aria-label={`Ask to join ${community.name}`}>
                  Ask to join
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <Dialog
        open={!!asking}
        onOpenChange={(open) => !open && setAsking(null)}
        title={`Ask to join ${asking?.name ?? ""}`}
        description="The owner and admins will see your request."
      >
        <div className="flex flex-col gap-4">
          <FormError message={error} />
          <TextAreaField
            label="Message (optional)"
            name="message"
            value={message}
            maxLength={250}
            onChange={(e) => setMessage(e.target.value)}
            error={fieldErrors.message?.[0]}
          />
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={() => setAsking(null)}>
              Cancel
            </Button>
            <Button pending={pending} onClick={ask}>
              Send request
            </Button>
          </div>
        </div>
      </Dialog>
    </>
  );
}
