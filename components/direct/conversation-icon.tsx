import { Users } from "lucide-react";
import { Avatar } from "@/components/ui/avatar";
import type { ConversationDTO } from "@/lib/dto";

/** A direct conversation shows the other person's avatar; a group its icon, or a group glyph. */
export function ConversationIcon({
  conversation,
  meId,
  size,
}: {
  conversation: Pick<ConversationDTO, "id" | "kind" | "iconUrl" | "participants">;
  meId: string;
  size: number;
}) {
  if (conversation.kind === "DIRECT") {
    const other = conversation.participants.find((p) => p.id !== meId);
    return (
      <Avatar
        name={other?.displayName ?? "Deleted user"}
        seed={other?.id ?? conversation.id}
        src={other?.avatarUrl}
        size={size}
      />
    );
  }
  if (conversation.iconUrl)
    return (
      // eslint-disable-next-line @next/next/no-img-element -- our own small WebP, already resized
      <img
        src={conversation.iconUrl}
        alt=""
        aria-hidden
        className="shrink-0 rounded-full object-cover"
        style={{ width: size, height: size }}
      />
    );
  return (
    <span
      aria-hidden
      className="flex shrink-0 items-center justify-center rounded-full bg-accent text-white"
      style={{ width: size, height: size }}
    >
      <Users style={{ width: size * 0.55, height: size * 0.55 }} />
    </span>
  );
}
