"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { toast } from "sonner";
import { Avatar } from "@/components/ui/avatar";
import { LocalTime } from "@/components/ui/local-time";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { useSocketEvent } from "@/components/realtime/socket-provider";
import { decideJoinRequestAction } from "@/lib/actions/moderation";
import type { JoinRequestDTO } from "@/lib/dto";

/** Pending requests with accept / reject; new requests appear live. */
export function JoinRequestList({ communityId, requests }: { communityId: string; requests: JoinRequestDTO[] }) {
  const router = useRouter();
  const { pending, error, submit } = useSubmit();
  const onCreated = useCallback(
    (request: JoinRequestDTO) => {
      if (request.communityId === communityId) router.refresh();
    },
    [communityId, router],
  );
  useSocketEvent("joinRequest:created", onCreated);

  const [deciding, setDeciding] = useState<string | null>(null);
  const decide = (request: JoinRequestDTO, accept: boolean) => {
    setDeciding(`${request.id}:${accept ? "accept" : "reject"}`);
    return submit(
      () => decideJoinRequestAction({ requestId: request.id, accept }),
      () => {
        toast.success(
          accept ? `${request.user.displayName} joined.` : `Request from ${request.user.displayName} rejected.`,
        );
        router.refresh();
      },
    );
  };

  if (requests.length === 0) return <p className="text-sm text-muted">No pending requests.</p>;
  return (
    <div className="flex flex-col gap-2">
      <FormError message={error} />
      <ul className="flex flex-col gap-2">
        {requests.map((request) => (
          <li
            key={request.id}
            data-testid="join-request"
            className="flex flex-wrap items-center justify-end gap-x-3 gap-y-2 rounded bg-rail p-3"
          >
            <div className="flex min-w-0 flex-[1_1_16rem] items-start gap-3">
              <Avatar name={request.user.displayName} seed={request.user.id} size={36} />
              <div className="min-w-0 flex-1">
                <div className="break-words text-sm font-medium text-strong">
                  {request.user.displayName} <span className="text-muted">@{request.user.username}</span>
                </div>
                {request.message && (
                  <p className="whitespace-pre-wrap break-words text-sm text-muted">{request.message}</p>
                )}
                <LocalTime iso={request.createdAt} className="block text-xs text-faint" />
              </div>
            </div>
            <div className="flex gap-2">
              <Button
                pending={pending && deciding === `${request.id}:accept`}
                disabled={pending}
                onClick={() => decide(request, true)}
              >
                Accept
              </Button>
              <Button
                variant="ghost"
                pending={pending && deciding === `${request.id}:reject`}
                disabled={pending}
                onClick={() => decide(request, false)}
              >
                Reject
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
