import { clsx } from "clsx";

// deep enough for white initials at 4.5:1
const palette = ["#4752c4", "#248046", "#9a5b00", "#c03537", "#a8306f", "#7d3c98", "#0e7560", "#a84300"];

function colorFor(seed: string) {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return palette[Math.abs(hash) % palette.length];
}

export function initials(name: string) {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return (words.length > 1 ? words[0][0] + words[1][0] : (words[0] ?? "?").slice(0, 2)).toUpperCase();
}

/** A person's picture, or their initials on a colour taken from `seed` when they have none. */
export function Avatar({
  name,
  seed,
  src,
  size = 40,
  className,
}: {
  name: string;
  seed: string;
  src?: string | null;
  size?: number;
  className?: string;
}) {
  if (src)
    return (
      // eslint-disable-next-line @next/next/no-img-element -- a 256×256 WebP the server already sized
      <img
        src={src}
        alt=""
        aria-hidden
        width={size}
        height={size}
        className={clsx("inline-block shrink-0 select-none rounded-full object-cover", className)}
        style={{ width: size, height: size }}
      />
    );
  return (
    <span
      aria-hidden
      className={clsx(
        "inline-flex shrink-0 select-none items-center justify-center rounded-full font-semibold text-white",
        className,
      )}
      style={{ width: size, height: size, background: colorFor(seed), fontSize: size * 0.38 }}
    >
      {initials(name)}
    </span>
  );
}
