"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, TextAreaField, TextField } from "@/components/ui/field";
import { createCommunityAction } from "@/lib/actions/communities";
import { limits } from "@/lib/limits";

export function CreateCommunityDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await createCommunityAction({ name: String(form.get("name") ?? ""), notice: String(form.get("notice") ?? "") });
      if (!result.ok) {
        setFieldErrors(result.fieldErrors ?? {});
        if (!result.fieldErrors) setError(result.message);
        return;
      }
      toast.success(`Created ${result.data.community.name}`);
      onOpenChange(false);
      router.push(`/c/${result.data.community.id}/${result.data.generalChannelId}`);
      router.refresh();
    } catch {
      setError("Could not reach the server. Please try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Create a community" description="Your community is where you and your friends hang out.">
      <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
        <FormError message={error} />
        <TextField label="Community name" name="name" required autoFocus maxLength={limits.communityNameLength + 50} error={fieldErrors.name?.[0]} />
        <TextAreaField label="Notice (optional)" name="notice" maxLength={limits.communityNoticeLength + 50} error={fieldErrors.notice?.[0]} />
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
