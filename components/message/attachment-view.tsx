"use client";

import dynamic from "next/dynamic";
import { Download, FileIcon, Mic } from "lucide-react";
import { useState } from "react";
import { useFocusReturn } from "@/components/ui/use-focus-return";
import { useOpenedOnce } from "@/components/ui/use-opened-once";
import type { AttachmentDTO, MessageType } from "@/lib/dto";

// the full-size view (Radix's dialog) loads with the first image opened
const ImageViewer = dynamic(() => import("./image-viewer").then((module) => module.ImageViewer), { ssr: false });

export function formatBytes(bytes: number) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatDuration(ms: number) {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

const VIDEO_BOX = { width: 480, height: 350 };

/** Images open full size on click; video and voice play inline; other files download. */
export function AttachmentView({
  type,
  attachment,
  progress,
}: {
  type: MessageType;
  attachment: AttachmentDTO;
  progress?: number;
}) {
  if (progress !== undefined || !attachment.url) return <UploadCard attachment={attachment} progress={progress ?? 0} />;
  if (type === "IMAGE") return <ImageAttachment attachment={attachment} />;
  if (type === "VIDEO") {
    // The box has the video's shape (read at upload) before anything of it loads: nothing below moves.
    const { width, height } = attachment;
    const scale = width && height ? Math.min(1, VIDEO_BOX.width / width, VIDEO_BOX.height / height) : 0;
    return (
      <video
        controls
        preload="metadata"
        src={attachment.url}
        aria-label={`Video ${attachment.fileName}`}
        style={
          width && height
            ? { width: Math.round(width * scale), aspectRatio: `${width} / ${height}` }
            : { width: `min(100%, ${VIDEO_BOX.width}px)`, aspectRatio: "16 / 9" }
        }
        className="mt-1 block max-w-full rounded-lg bg-black object-contain"
      />
    );
  }
  if (type === "VOICE" || attachment.mimeType.startsWith("audio/")) {
    return (
      <div
        className="mt-1 flex max-w-md items-center gap-3 rounded-lg border border-line bg-sidebar p-3"
        data-testid="voice-message"
      >
        <Mic className="size-5 shrink-0 text-accent-text" aria-hidden />
        <audio
          controls
          preload="metadata"
          src={attachment.url}
          aria-label={type === "VOICE" ? "Voice message" : attachment.fileName}
          className="h-9 min-w-0 flex-1"
        />
        {attachment.durationMs !== null && (
          <span className="shrink-0 text-xs tabular-nums text-muted">{formatDuration(attachment.durationMs)}</span>
        )}
      </div>
    );
  }
  return (
    <div
      className="mt-1 flex max-w-md items-center gap-3 rounded-lg border border-line bg-sidebar p-3"
      data-testid="file-attachment"
    >
      <FileIcon className="size-8 shrink-0 text-muted" aria-hidden />
      <div className="min-w-0 flex-1">
        <a href={attachment.url} download={attachment.fileName} className="block truncate text-link hover:underline">
          {attachment.fileName}
        </a>
        <span className="text-xs text-muted">{formatBytes(attachment.size)}</span>
      </div>
      <a
        href={attachment.url}
        download={attachment.fileName}
        aria-label={`Download ${attachment.fileName}`}
        className="rounded p-1 text-muted hover:text-text"
      >
        <Download className="size-5" />
      </a>
    </div>
  );
}

function ImageAttachment({ attachment }: { attachment: AttachmentDTO }) {
  const [open, setOpen] = useState(false);
  const viewerUsed = useOpenedOnce(open);
  const returnFocus = useFocusReturn(open);
  const width = attachment.width ?? 400;
  const height = attachment.height ?? 300;
  const scale = Math.min(1, 400 / width, 300 / height);
  return (
    <>
      <button
        type="button"
        aria-label={`Open image ${attachment.fileName}`}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
        className="mt-1 block overflow-hidden rounded-lg"
      >
        {/* eslint-disable-next-line @next/next/no-img-element -- served by our own authenticated route */}
        <img
          src={attachment.thumbnailUrl ?? attachment.url}
          alt={attachment.fileName}
          width={Math.round(width * scale)}
          height={Math.round(height * scale)}
          loading="lazy"
          className="max-w-full cursor-zoom-in bg-sidebar object-contain"
        />
      </button>
      {viewerUsed && (
        <ImageViewer attachment={attachment} open={open} onOpenChange={setOpen} returnFocus={returnFocus} />
      )}
    </>
  );
}

function UploadCard({ attachment, progress }: { attachment: AttachmentDTO; progress: number }) {
  return (
    <div className="mt-1 max-w-md rounded-lg border border-line bg-sidebar p-3">
      <div className="flex items-center justify-between gap-3 text-sm">
        <span className="truncate">{attachment.fileName}</span>
        <span className="shrink-0 text-xs text-muted">{formatBytes(attachment.size)}</span>
      </div>
      <div
        role="progressbar"
        aria-label={`Uploading ${attachment.fileName}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(progress * 100)}
        className="mt-2 h-1.5 overflow-hidden rounded-full bg-raised"
      >
        <div className="h-full bg-accent transition-[width]" style={{ width: `${Math.round(progress * 100)}%` }} />
      </div>
    </div>
  );
}
