"use client";

import { shownCustomStatus } from "@/components/realtime/my-status";
import { PresenceDot, usePresence } from "@/components/realtime/presence";
import type { ConversationDTO } from "@/lib/dto";
import { ConversationIcon } from "./conversation-icon";

/** A conversation's header: its picture and name; a direct one with the other person's status, live. */
export function ConversationHeading({
  conversation,
  title,
  meId,
}: {
  conversation: ConversationDTO;
  title: string;
  meId: string;
}) {
  const other = conversation.kind === "DIRECT" ? conversation.participants.find((p) => p.id !== meId) : undefined;
  const presence = usePresence(conversation.id, other ? [other.id] : []);
  const status = other ? presence.get(other.id) : undefined;
  const custom = other ? shownCustomStatus(other.customStatus) : null;
  return (
    <>
      <span className="relative shrink-0">
        <ConversationIcon conversation={conversation} meId={meId} size={24} />
        {status && <PresenceDot status={status} className="size-3 border-2 border-main" />}
      </span>
      <h1 className="truncate font-semibold text-strong">{title}</h1>
      {custom && (
        <>
          <span className="mx-2 hidden h-6 w-px bg-line sm:block" />
          <p className="hidden truncate text-sm text-muted sm:block" data-testid="conversation-custom-status">
            {custom}
          </p>
        </>
      )}
    </>
  );
}
