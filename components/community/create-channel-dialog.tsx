"use client";

import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { createChannelAction } from "@/lib/actions/communities";
import type { ChannelDTO } from "@/lib/dto";
import { limits } from "@/lib/limits";

type Props = {
  communityId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (channel: ChannelDTO) => void;
};

export function CreateChannelDialog({ communityId, open, onOpenChange, onCreated }: Props) {
  const { pending, error, fieldErrors, submit } = useSubmit();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { communityId, name: String(form.get("name") ?? ""), topic: String(form.get("topic") ?? "") };
    return submit(
      () => createChannelAction(input),
      (channel) => {
        toast.success(`Created #${channel.name}`);
        onOpenChange(false);
        onCreated(channel);
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Create channel" description="A public text channel every member can read.">
      <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
        <FormError message={error} />
        <TextField label="Channel name" name="name" placeholder="new-channel" required autoFocus maxLength={limits.channelNameLength + 20} error={fieldErrors.name?.[0]} />
        <TextField label="Topic (optional)" name="topic" maxLength={limits.channelTopicLength + 20} error={fieldErrors.topic?.[0]} />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" pending={pending}>
            Create channel
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
