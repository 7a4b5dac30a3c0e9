"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { createChannelAction } from "@/lib/actions/communities";
import type { ChannelDTO } from "@/lib/dto";
import { limits } from "@/lib/limits";

export function CreateChannelDialog({
  communityId,
  open,
  onOpenChange,
  onCreated,
}: {
  communityId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (channel: ChannelDTO) => void;
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    setFieldErrors({});
    try {
      const result = await createChannelAction({
        communityId,
        name: String(form.get("name") ?? ""),
        topic: String(form.get("topic") ?? ""),
      });
      if (!result.ok) {
        setFieldErrors(result.fieldErrors ?? {});
        if (!result.fieldErrors) setError(result.message);
        return;
      }
      toast.success(`Created #${result.data.name}`);
      onOpenChange(false);
      onCreated(result.data);
    } catch {
      setError("Could not reach the server. Please try again.");
    } finally {
      setPending(false);
    }
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
