"use client";

import { useRouter } from "next/navigation";
import { useRef, type ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { CommunityIcon } from "@/components/ui/community-icon";
import { FormError } from "@/components/ui/field";
import { withFailureToast } from "@/components/ui/toast-failure";
import { useSubmit } from "@/components/ui/use-submit";
import type { CommunityInfo } from "@/lib/dto";
import { ErrorCode, type Result } from "@/lib/error-codes";

/** Uploads an avatar image as multipart field "avatar", answered in the result shape (a 413 from a proxy too). */
export async function postAvatar<T>(url: string, file: File): Promise<Result<T>> {
  const form = new FormData();
  form.set("avatar", file);
  const response = await fetch(url, { method: "POST", body: form });
  return response
    .json()
    .catch(() =>
      response.status === 413
        ? { ok: false, code: ErrorCode.FILE_TOO_LARGE, message: "That file is too large." }
        : { ok: false, code: ErrorCode.SERVER, message: "Something went wrong on our side. Please try again." },
    );
}

/**
 * Uploads a new avatar (a community's or a channel's) to `uploadUrl`; the server resizes it and
 * judges its type from the bytes. Failures show beside the button and as a toast.
 */
export function AvatarUpload<T>({
  uploadUrl,
  preview,
  editable,
  onUploaded,
}: {
  uploadUrl: string;
  preview: ReactNode;
  editable: boolean;
  onUploaded: (data: T) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const { pending, error, submit } = useSubmit();

  const upload = (file: File) =>
    submit(
      withFailureToast(() => postAvatar<T>(uploadUrl, file)),
      (data) => {
        toast.success("Avatar updated");
        onUploaded(data);
      },
    );

  return (
    <div className="flex items-center gap-4">
      {preview}
      {editable && (
        <div className="flex min-w-0 flex-col gap-2">
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
          <Button
            type="button"
            variant="secondary"
            className="self-start"
            pending={pending}
            onClick={() => input.current?.click()}
          >
            Upload image
          </Button>
          <p className="text-xs text-faint">PNG, JPEG, WebP, GIF or AVIF, up to 8 MB. Shown at 256×256.</p>
          <FormError message={error} />
        </div>
      )}
    </div>
  );
}

/** The community's avatar in its settings. */
export function AvatarUploader({ community, editable }: { community: CommunityInfo; editable: boolean }) {
  const router = useRouter();
  return (
    <AvatarUpload<CommunityInfo>
      uploadUrl={`/api/communities/${community.id}/avatar`}
      preview={
        <CommunityIcon
          name={community.name}
          avatarUrl={community.avatarUrl}
          className="size-20 shrink-0 rounded-3xl bg-accent text-2xl"
        />
      }
      editable={editable}
      onUploaded={() => router.refresh()}
    />
  );
}
