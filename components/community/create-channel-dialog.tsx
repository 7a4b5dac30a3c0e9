"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Hash, Lock } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { createCategoryAction } from "@/lib/actions/channels";
import { createChannelAction } from "@/lib/actions/communities";
import type { CategoryDTO, ChannelDTO } from "@/lib/dto";
import { limits } from "@/lib/limits";

type Props = {
  communityId: string;
  categories: CategoryDTO[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (channel: ChannelDTO) => void;
};

export function CreateChannelDialog({ communityId, categories, open, onOpenChange, onCreated }: Props) {
  const [kind, setKind] = useState<"PUBLIC" | "PRIVATE">("PUBLIC");
  const { pending, error, fieldErrors, submit } = useSubmit();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const categoryId = String(form.get("categoryId") ?? "");
    const input = {
      communityId,
      name: String(form.get("name") ?? ""),
      topic: String(form.get("topic") ?? ""),
      kind,
      categoryId: categoryId || null,
    };
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
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Create channel"
      description="Public channels are open to every member; private ones to the people you add."
    >
      <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
        <FormError message={error} />
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-2 text-xs font-bold uppercase tracking-wide text-muted">Channel type</legend>
          {(
            [
              ["PUBLIC", Hash, "Public", "Every member can read and send."],
              ["PRIVATE", Lock, "Private", "Only the members you add, the owner and admins."],
            ] as const
          ).map(([value, Icon, title, text]) => (
            <label
              key={value}
              className="flex cursor-pointer items-center gap-3 rounded bg-rail p-3 has-[:checked]:ring-2 has-[:checked]:ring-accent"
            >
              <Icon className="size-5 text-muted" />
              <span className="flex-1">
                <span className="block text-sm font-medium text-strong">{title}</span>
                <span className="block text-xs text-muted">{text}</span>
              </span>
              <input
                type="radio"
                name="kind"
                value={value}
                checked={kind === value}
                onChange={() => setKind(value)}
                className="accent-accent"
              />
            </label>
          ))}
        </fieldset>
        <TextField
          label="Channel name"
          name="name"
          placeholder="new-channel"
          required
          autoFocus
          maxLength={limits.channelNameLength + 20}
          error={fieldErrors.name?.[0]}
        />
        <TextField
          label="Topic (optional)"
          name="topic"
          maxLength={limits.channelTopicLength + 20}
          error={fieldErrors.topic?.[0]}
        />
        {categories.length > 0 && (
          <label className="flex flex-col gap-2 text-xs font-bold uppercase tracking-wide text-muted">
            Category
            <select name="categoryId" className="rounded bg-rail px-2 py-2 text-sm font-normal normal-case text-text">
              <option value="">No category</option>
              {categories.map((category) => (
                <option key={category.id} value={category.id}>
                  {category.name}
                </option>
              ))}
            </select>
          </label>
        )}
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

export function CreateCategoryDialog({
  communityId,
  open,
  onOpenChange,
}: {
  communityId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const { pending, error, fieldErrors, submit } = useSubmit();
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    return submit(
      () => createCategoryAction({ communityId, name }),
      () => {
        toast.success(`Created category ${name.trim()}`);
        onOpenChange(false);
        router.refresh();
      },
    );
  }
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Create category"
      description="Group channels under a heading; drag channels into it."
    >
      <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
        <FormError message={error} />
        <TextField label="Category name" name="name" required autoFocus maxLength={120} error={fieldErrors.name?.[0]} />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" pending={pending}>
            Create category
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
