"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { FormError, TextAreaField, TextField } from "@/components/ui/field";
import { withFailureToast } from "@/components/ui/toast-failure";
import { useSubmit } from "@/components/ui/use-submit";
import { updateProfileAction } from "@/lib/actions/account";
import type { MyAccount } from "@/lib/dto";
import type { Result } from "@/lib/error-codes";
import { ABOUT_ME_MAX, PRONOUNS_MAX } from "@/lib/schemas/account";
import { AvatarUpload } from "./avatar-uploader";

/** Avatar, display name, pronouns and "about me": what others see on the person's card. */
export function ProfileForm({ account }: { account: MyAccount }) {
  const router = useRouter();
  const [avatarUrl, setAvatarUrl] = useState(account.avatarUrl);
  const [aboutLength, setAboutLength] = useState(account.aboutMe.length);
  const { pending, error, fieldErrors, submit } = useSubmit();
  const removal = useSubmit();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    return submit(
      () =>
        updateProfileAction({
          displayName: String(form.get("displayName") ?? ""),
          pronouns: String(form.get("pronouns") ?? ""),
          aboutMe: String(form.get("aboutMe") ?? ""),
        }),
      () => {
        toast.success("Profile saved");
        router.refresh();
      },
    );
  }

  const removeAvatar = () =>
    removal.submit(
      withFailureToast(
        async () => (await fetch("/api/me/avatar", { method: "DELETE" })).json() as Promise<Result<unknown>>,
      ),
      () => {
        setAvatarUrl(null);
        toast.success("Avatar removed");
        router.refresh();
      },
    );

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end gap-3">
        <AvatarUpload<{ avatarUrl: string | null }>
          uploadUrl="/api/me/avatar"
          preview={
            <Avatar name={account.displayName} seed={account.id} src={avatarUrl} size={80} className="text-2xl" />
          }
          editable
          onUploaded={(data) => {
            setAvatarUrl(data.avatarUrl);
            router.refresh();
          }}
        />
        {avatarUrl && (
          <Button type="button" variant="ghost" pending={removal.pending} onClick={removeAvatar}>
            Remove avatar
          </Button>
        )}
      </div>
      <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
        <FormError message={error} />
        <TextField
          label="Display name"
          name="displayName"
          defaultValue={account.displayName}
          maxLength={64}
          required
          autoComplete="nickname"
          error={fieldErrors.displayName?.[0]}
        />
        <TextField
          label="Pronouns"
          name="pronouns"
          defaultValue={account.pronouns}
          maxLength={PRONOUNS_MAX}
          placeholder="she/her, they/them…"
          error={fieldErrors.pronouns?.[0]}
        />
        <TextAreaField
          label="About me"
          name="aboutMe"
          defaultValue={account.aboutMe}
          maxLength={ABOUT_ME_MAX}
          rows={4}
          onChange={(event) => setAboutLength(event.target.value.length)}
          hint={`Markdown works here. ${aboutLength}/${ABOUT_ME_MAX}`}
          error={fieldErrors.aboutMe?.[0]}
        />
        <Button type="submit" className="self-start" pending={pending}>
          Save profile
        </Button>
      </form>
    </div>
  );
}
