"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { CheckboxField, FormError, TextAreaField, TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { updateCommunityAction } from "@/lib/actions/moderation";
import type { CommunityInfo, JoinMode } from "@/lib/dto";
import { NAME_LENGTH_CEILING, NOTICE_LENGTH_CEILING } from "@/lib/input-bounds";

export const joinModeLabels: Record<JoinMode, { title: string; text: string }> = {
  OPEN: { title: "Open", text: "Anyone who finds the community can join at once." },
  APPROVAL: { title: "Approval", text: "People ask to join; owner and admins accept or reject." },
  INVITE_ONLY: { title: "Invite only", text: "Only people with an invite link or a direct invite can join." },
};

/** Name, notice, join mode and member invites; read-only for members. */
export function OverviewForm({ community, editable }: { community: CommunityInfo; editable: boolean }) {
  const router = useRouter();
  const [joinMode, setJoinMode] = useState<JoinMode>(community.joinMode);
  const { pending, error, fieldErrors, submit } = useSubmit();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    return submit(
      () =>
        updateCommunityAction({
          communityId: community.id,
          name: String(form.get("name") ?? ""),
          notice: String(form.get("notice") ?? ""),
          joinMode,
          allowMemberInvites: form.get("allowMemberInvites") === "on",
        }),
      () => {
        toast.success("Saved");
        router.refresh();
      },
    );
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <FormError message={error} />
      <TextField
        label="Community name"
        name="name"
        defaultValue={community.name}
        disabled={!editable}
        maxLength={NAME_LENGTH_CEILING}
        error={fieldErrors.name?.[0]}
      />
      <TextAreaField
        label="Notice"
        name="notice"
        defaultValue={community.notice}
        disabled={!editable}
        maxLength={NOTICE_LENGTH_CEILING}
        error={fieldErrors.notice?.[0]}
      />
      <fieldset className="flex flex-col gap-2" disabled={!editable}>
        <legend className="mb-2 text-xs font-bold uppercase tracking-wide text-muted">Who can join</legend>
        {(Object.keys(joinModeLabels) as JoinMode[]).map((mode) => (
          <label
            key={mode}
            className="flex cursor-pointer items-start gap-3 rounded bg-rail p-3 has-[:checked]:ring-2 has-[:checked]:ring-accent"
          >
            <input
              type="radio"
              name="joinMode"
              value={mode}
              checked={joinMode === mode}
              onChange={() => setJoinMode(mode)}
              className="mt-0.5 size-4 shrink-0 accent-accent"
            />
            <span>
              <span className="block text-sm font-medium text-strong">{joinModeLabels[mode].title}</span>
              <span className="block text-sm text-muted">{joinModeLabels[mode].text}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <CheckboxField name="allowMemberInvites" defaultChecked={community.allowMemberInvites} disabled={!editable}>
        Members may invite people
      </CheckboxField>
      {editable && (
        <div>
          <Button type="submit" pending={pending}>
            Save changes
          </Button>
        </div>
      )}
    </form>
  );
}
