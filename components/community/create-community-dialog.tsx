"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, TextAreaField, TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { createCommunityAction } from "@/lib/actions/communities";
import { NAME_LENGTH_CEILING, NOTICE_LENGTH_CEILING } from "@/lib/input-bounds";

export function CreateCommunityDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const { pending, error, fieldErrors, submit } = useSubmit();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { name: String(form.get("name") ?? ""), notice: String(form.get("notice") ?? "") };
    return submit(
      () => createCommunityAction(input),
      ({ community, generalChannelId }) => {
        toast.success(`Created ${community.name}`);
        onOpenChange(false);
        router.push(`/c/${community.id}/${generalChannelId}`);
        router.refresh();
      },
    );
  }

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Create a community"
      description="Your community is where you and your friends hang out."
    >
      <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
        <FormError message={error} />
        <TextField
          label="Community name"
          name="name"
          required
          autoFocus
          maxLength={NAME_LENGTH_CEILING}
          error={fieldErrors.name?.[0]}
        />
        <TextAreaField
          label="Notice (optional)"
          name="notice"
          maxLength={NOTICE_LENGTH_CEILING}
          error={fieldErrors.notice?.[0]}
        />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" pending={pending}>
            Create
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
