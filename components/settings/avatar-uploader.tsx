"use client";

import { useRouter } from "next/navigation";
import { useRef } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { CommunityIcon } from "@/components/ui/community-icon";
import { FormError } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import type { CommunityInfo } from "@/lib/dto";
import type { Result } from "@/lib/errors";

/** Uploads a new avatar; the server resizes it and judges its type from the bytes. */
export function AvatarUploader({ community, editable }: { community: CommunityInfo; editable: boolean }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const { pending, error, submit } = useSubmit();

  const upload = (file: File) =>
    submit(
      async () => {
        const form = new FormData();
        form.set("avatar", file);
        const response = await fetch(`/api/communities/${community.id}/avatar`, { method: "POST", body: form });
        return (await response.json()) as Result<CommunityInfo>;
      },
      () => {
        toast.success("Avatar updated");
        router.refresh();
      },
    );

  return (
    <div className="flex items-center gap-4">
      <CommunityIcon name={community.name} avatarUrl={community.avatarUrl} className="size-20 rounded-3xl bg-accent text-2xl" />
      {editable && (
        <div className="flex flex-col gap-2">
          <input
            ref={input}
            type="file"
            accept="image/png,image/jpeg,image/webp,image/gif,image/avif"
            aria-label="Avatar image"
            className="hidden"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) upload(file);
              event.target.value = "";
            }}
          />
          <Button variant="secondary" pending={pending} onClick={() => input.current?.click()}>
            Upload image
          </Button>
          <p className="text-xs text-faint">PNG, JPEG, WebP, GIF or AVIF, up to 8 MB. Shown at 256×256.</p>
          <FormError message={error} />
        </div>
      )}
    </div>
  );
}
