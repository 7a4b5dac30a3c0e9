import { clsx } from "clsx";
import { Hash, Lock } from "lucide-react";
import type { ChannelDTO } from "@/lib/dto";

/** A channel's avatar image, or its kind's icon (# or a lock) when it has none. */
export function ChannelAvatar({
  channel,
  className,
}: {
  channel: Pick<ChannelDTO, "name" | "kind" | "avatarUrl">;
  className?: string;
}) {
  if (channel.avatarUrl) {
    return (
      // eslint-disable-next-line @next/next/no-img-element -- our own small WebP, already resized
      <img
        src={channel.avatarUrl}
        alt=""
        data-testid="channel-avatar"
        className={clsx("shrink-0 rounded-full bg-rail object-cover", className)}
      />
    );
  }
  const Icon = channel.kind === "PRIVATE" ? Lock : Hash;
  return (
    <span
      data-testid="channel-avatar-placeholder"
      className={clsx("flex shrink-0 items-center justify-center rounded-full bg-rail text-faint", className)}
    >
      <Icon className="size-1/2" aria-hidden />
    </span>
  );
}
