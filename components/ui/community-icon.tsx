import { clsx } from "clsx";
import { initials } from "./avatar";

/** A community's avatar image, or its initials. */
export function CommunityIcon({
  name,
  avatarUrl,
  className,
}: {
  name: string;
  avatarUrl: string | null;
  className?: string;
}) {
  return avatarUrl ? (
    // eslint-disable-next-line @next/next/no-img-element -- our own small WebP, already resized
    <img src={avatarUrl} alt="" className={clsx("object-cover", className)} />
  ) : (
    <span aria-hidden className={clsx("flex items-center justify-center font-semibold text-strong", className)}>
      {initials(name)}
    </span>
  );
}
