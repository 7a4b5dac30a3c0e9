import { conversationTitle } from "@/lib/conversation-title";
import type { ConversationDTO } from "@/lib/dto";
import { ConversationIcon } from "./conversation-icon";

/** The top of a conversation's history: who it is with. */
export function ConversationStart({ conversation, meId }: { conversation: ConversationDTO; meId: string }) {
  const title = conversationTitle(conversation, meId);
  const other = conversation.participants.find((p) => p.id !== meId);
  return (
    <div className="px-4 pb-4 pt-10">
      <ConversationIcon conversation={conversation} meId={meId} size={80} />
      <h3 className="mt-2 text-3xl font-bold break-words text-strong">{title}</h3>
      {conversation.kind === "DIRECT" ? (
        <p className="text-muted">
          {other && <span className="text-text">@{other.username} · </span>}
          This is the beginning of your direct message history with {title}.
        </p>
      ) : (
        <p className="text-muted">Welcome to the beginning of the group.</p>
      )}
    </div>
  );
}
