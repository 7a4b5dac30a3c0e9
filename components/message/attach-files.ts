import { toast } from "sonner";
import { limits } from "@/lib/limits";
import type { ReplyPreviewDTO } from "@/lib/dto";
import { formatBytes } from "./attachment-view";
import type { AttachmentDraft } from "./message-state";

type FileLike = { name: string; size: number };

/** Which files can be uploaded (each its own message), and why the others cannot. */
export function checkFiles<F extends FileLike>(
  files: readonly F[],
  maxBytes: number = limits.attachmentBytes,
): { accepted: F[]; problems: string[] } {
  const accepted: F[] = [];
  const problems: string[] = [];
  for (const file of files) {
    if (file.size > maxBytes)
      problems.push(`“${file.name}” is ${formatBytes(file.size)}: files can be at most ${formatBytes(maxBytes)}.`);
    else if (file.size === 0) problems.push(`“${file.name}” is empty.`);
    else accepted.push(file);
  }
  return { accepted, problems };
}

/**
 * The one way files become uploads (the + picker, a paste, a drop on the conversation): each file
 * goes through the upload path on its own, with its own pending message and progress.
 */
export function attachFiles(
  files: FileList | readonly File[] | null | undefined,
  onUpload: (draft: AttachmentDraft, replyTo: ReplyPreviewDTO | null) => void,
  replyTo: ReplyPreviewDTO | null,
) {
  const { accepted, problems } = checkFiles(Array.from(files ?? []));
  for (const problem of problems) toast.error(problem);
  for (const file of accepted) onUpload({ file, fileName: file.name, kind: "file", caption: "" }, replyTo);
}
