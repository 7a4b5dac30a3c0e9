"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { AvatarUpload } from "@/components/settings/avatar-uploader";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import {
  addToConversationAction,
  leaveConversationAction,
  removeFromConversationAction,
  renameConversationAction,
} from "@/lib/actions/conversations";
import { conversationTitle } from "@/lib/conversation-title";
import type { ConversationDTO } from "@/lib/dto";
import { limits } from "@/lib/limits";
import { ConversationIcon } from "./conversation-icon";
import { useConversations } from "./conversations-provider";
import { PeoplePicker, type PickedPerson } from "./people-picker";

/**
 * A group's settings: its name and icon (anyone in it), its people (the creator adds and removes
 * them) and leaving it.
 */
export function GroupSettingsDialog({
  conversation,
  meId,
  onClose,
}: {
  conversation: ConversationDTO;
  meId: string;
  onClose: () => void;
}) {
  const router = useRouter();
  const { upsert } = useConversations();
  const creator = conversation.ownerId === meId;
  const [name, setName] = useState(conversation.name);
  // renamed by someone else while open: show the name it has now
  useEffect(() => setName(conversation.name), [conversation.name]);
  const [adding, setAdding] = useState<PickedPerson[]>([]);
  const [leaving, setLeaving] = useState(false);
  const rename = useSubmit();
  const add = useSubmit();
  const leave = useSubmit();
  const [removing, setRemoving] = useState<string | null>(null);
  const room = limits.conversationParticipants - conversation.participants.length;

  const remove = async (userId: string) => {
    setRemoving(userId);
    try {
      const result = await removeFromConversationAction({ conversationId: conversation.id, userId });
      if (result.ok) upsert(result.data);
      else toast.error(result.message);
    } catch {
      toast.error("Could not reach the server. Check your connection and try again.");
    } finally {
      setRemoving(null);
    }
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="Group settings"
      description={conversationTitle(conversation, meId)}
    >
      <div className="flex max-h-[70dvh] flex-col gap-6 overflow-y-auto pr-1">
        <form
          className="flex flex-col gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            void rename.submit(
              () => renameConversationAction({ conversationId: conversation.id, name }),
              (updated) => {
                upsert(updated);
                toast.success(updated.name ? "Group renamed." : "The group is named after its people again.");
              },
            );
          }}
        >
          <FormError message={rename.error} />
          <AvatarUpload<{ iconUrl: string | null }>
            uploadUrl={`/api/conversations/${conversation.id}/icon`}
            preview={<ConversationIcon conversation={conversation} meId={meId} size={56} />}
            editable
            onUploaded={({ iconUrl }) => upsert({ ...conversation, iconUrl })}
          />
          <TextField
            label="Group name"
            name="name"
            value={name}
            maxLength={limits.conversationNameLength}
            placeholder={conversationTitle({ ...conversation, name: "" }, meId)}
            onChange={(event) => setName(event.target.value)}
            error={rename.fieldErrors.name?.[0]}
          />
          <div>
            <Button type="submit" pending={rename.pending} disabled={name.trim() === conversation.name}>
              Save name
            </Button>
          </div>
        </form>

        <section aria-labelledby="group-people" className="flex flex-col gap-2">
          <h3 id="group-people" className="text-xs font-bold uppercase tracking-wide text-muted">
            People — {conversation.participants.length}
          </h3>
          <ul className="flex flex-col gap-1">
            {conversation.participants.map((person) => (
              <li key={person.id} className="flex items-center gap-3 rounded px-1 py-1">
                <Avatar name={person.displayName} seed={person.id} src={person.avatarUrl} size={32} />
                <span className="min-w-0 flex-1 leading-tight">
                  <span className="block truncate text-sm font-medium text-strong">
                    {person.displayName}
                    {person.id === conversation.ownerId && (
                      <span className="ml-2 text-xs font-normal text-muted">creator</span>
                    )}
                  </span>
                  <span className="block truncate text-xs text-muted">@{person.username}</span>
                </span>
                {creator && person.id !== meId && (
                  <Button
                    variant="ghost"
                    className="px-2 py-1 text-danger"
                    pending={removing === person.id}
                    onClick={() => void remove(person.id)}
                  >
                    Remove<span className="sr-only"> {person.displayName}</span>
                  </Button>
                )}
              </li>
            ))}
          </ul>
          {creator && room > 0 && (
            <form
              className="mt-2 flex flex-col gap-3"
              onSubmit={(event) => {
                event.preventDefault();
                void add.submit(
                  () => addToConversationAction({ conversationId: conversation.id, userIds: adding.map((p) => p.id) }),
                  (updated) => {
                    upsert(updated);
                    setAdding([]);
                    toast.success("Added to the group.");
                  },
                );
              }}
            >
              <h3 className="text-xs font-bold uppercase tracking-wide text-muted">Add people</h3>
              <FormError message={add.error ?? add.fieldErrors.userIds?.[0]} />
              <PeoplePicker
                picked={adding}
                onChange={setAdding}
                max={room}
                exclude={conversation.participants.map((p) => p.id)}
              />
              <div>
                <Button type="submit" pending={add.pending} disabled={adding.length === 0}>
                  Add {adding.length > 1 ? `${adding.length} people` : "to group"}
                </Button>
              </div>
            </form>
          )}
        </section>

        <section className="flex flex-col gap-2 border-t border-line pt-4">
          <FormError message={leave.error} />
          {leaving ? (
            <div className="flex flex-wrap items-center gap-2">
              <p className="text-sm text-text">Leave the group? You can come back only if someone adds you.</p>
              <Button
                variant="danger"
                pending={leave.pending}
                onClick={() =>
                  void leave.submit(
                    () => leaveConversationAction({ conversationId: conversation.id }),
                    () => {
                      onClose();
                      router.replace("/dm");
                    },
                  )
                }
              >
                Leave group
              </Button>
              <Button variant="ghost" onClick={() => setLeaving(false)}>
                Cancel
              </Button>
            </div>
          ) : (
            <div>
              <Button variant="danger" onClick={() => setLeaving(true)}>
                Leave group
              </Button>
            </div>
          )}
        </section>
      </div>
    </Dialog>
  );
}
