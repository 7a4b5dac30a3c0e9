"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { startConversationAction } from "@/lib/actions/conversations";
import { conversationPath } from "@/lib/conversation-title";
import { limits } from "@/lib/limits";
import { useConversations } from "./conversations-provider";
import { PeoplePicker, type PickedPerson } from "./people-picker";

/** "New message": one person opens your conversation with them; more start a group. */
export function NewConversationDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const { upsert } = useConversations();
  const [picked, setPicked] = useState<PickedPerson[]>([]);
  const [name, setName] = useState("");
  const { pending, error, fieldErrors, submit } = useSubmit();
  const group = picked.length > 1;

  const start = () =>
    submit(
      () => startConversationAction({ userIds: picked.map((p) => p.id), name: group ? name : "" }),
      (conversation) => {
        upsert(conversation);
        onOpenChange(false);
        setPicked([]);
        setName("");
        router.push(conversationPath(conversation));
      },
    );

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="New message"
      description="Choose one person to message them, or several to start a group."
    >
      <form
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          if (picked.length) void start();
        }}
      >
        <FormError message={error ?? fieldErrors.userIds?.[0]} />
        <PeoplePicker picked={picked} onChange={setPicked} max={limits.conversationParticipants - 1} />
        {group && (
          <TextField
            label="Group name (optional)"
            name="name"
            value={name}
            maxLength={limits.conversationNameLength}
            onChange={(event) => setName(event.target.value)}
            error={fieldErrors.name?.[0]}
          />
        )}
        <div className="flex justify-end gap-2">
          <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" pending={pending} disabled={picked.length === 0}>
            {group ? "Create group" : "Message"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
