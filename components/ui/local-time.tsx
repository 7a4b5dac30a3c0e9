"use client";

/** A date in the reader's time zone (the server renders UTC; the browser's rendering wins quietly). */
export function LocalTime({
  iso,
  dateOnly = false,
  className,
}: {
  iso: string;
  dateOnly?: boolean;
  className?: string;
}) {
  const date = new Date(iso);
  return (
    <time suppressHydrationWarning dateTime={iso} className={className}>
      {dateOnly ? date.toLocaleDateString() : date.toLocaleString()}
    </time>
  );
}
