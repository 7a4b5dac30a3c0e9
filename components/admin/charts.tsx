"use client";

import { clsx } from "clsx";
import { useId, useState } from "react";

/** Bar colours: theme tokens, so each chart reads in the light and the dark theme. */
const tones = {
  accent: "fill-accent",
  link: "fill-link",
  warning: "fill-warning",
  success: "fill-success",
  accentText: "fill-accent-text",
} as const;
export type ChartTone = keyof typeof tones;

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
/** "2028-02-29" → "Feb 29" (axis) or "Tue, Feb 29, 2028" (tooltip, table): the day is a UTC date. */
const dayLabel = (day: string, long = false) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString(
    "en-US",
    long
      ? { weekday: "short", month: "short", day: "numeric", year: "numeric", timeZone: "UTC" }
      : { month: "short", day: "numeric", timeZone: "UTC" },
  );

/** The top of the y axis: a round number at or above the peak whose half is round too (2, 4, 6, 8, 10 × 10ⁿ). */
export function axisMax(peak: number) {
  for (let magnitude = 1; ; magnitude *= 10)
    for (const multiple of [2, 4, 6, 8, 10]) if (multiple * magnitude >= peak) return multiple * magnitude;
}

/** Which days get a date under the x axis: the first, the last, and about every week between. */
export function xTicks(count: number) {
  if (count <= 1) return count === 1 ? [0] : [];
  const every = Math.max(1, Math.round(count / 4));
  const ticks = [];
  // the last interior date keeps clear of the last day's, which sits at the right edge
  for (let i = 0; i <= count - 1 - every * 0.75; i += every) ticks.push(i);
  return [...ticks, count - 1];
}

/**
 * A bar chart of one value per day: a y axis (0, the middle, the top), dates under the x axis, and
 * the day and value of a bar on hover, tap or keyboard (the chart takes the focus; arrow keys, Home
 * and End move between days). Screen readers get the chart's name and a table of every day.
 */
export function BarChart({
  title,
  points,
  tone = "accent",
  unit = "",
}: {
  title: string;
  /** `day` is a UTC date, "YYYY-MM-DD" */
  points: { day: string; value: number }[];
  tone?: ChartTone;
  unit?: string;
}) {
  const id = useId();
  const [active, setActive] = useState<number | null>(null);
  const peak = Math.max(0, ...points.map((point) => point.value));
  const top = axisMax(peak);
  const latest = points.at(-1)?.value ?? 0;
  const format = (value: number) => `${value.toLocaleString("en-US")}${unit}`;
  const count = Math.max(points.length, 1);
  const width = 100 / count;
  const shown = active === null ? null : points[active];
  const last = points.length - 1;

  const move = (event: React.KeyboardEvent) => {
    const keys: Record<string, number> = {
      ArrowLeft: (active ?? last) - 1,
      ArrowRight: (active ?? last) + 1,
      ArrowDown: (active ?? last) - 1,
      ArrowUp: (active ?? last) + 1,
      Home: 0,
      End: last,
    };
    if (!(event.key in keys) || points.length === 0) {
      if (event.key === "Escape") setActive(null);
      return;
    }
    event.preventDefault();
    setActive(Math.min(last, Math.max(0, keys[event.key])));
  };
  const pointAt = (event: React.PointerEvent<HTMLElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const index = Math.floor(((event.clientX - box.left) / box.width) * points.length);
    setActive(Math.min(last, Math.max(0, index)));
  };

  return (
    <figure className="min-w-0 rounded-md bg-sidebar p-4" aria-labelledby={`${id}-title`}>
      <figcaption className="mb-3 flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <span id={`${id}-title`} className="text-sm font-semibold text-strong">
          {title}
        </span>
        <span className="text-xs text-muted">
          today{" "}
          <span data-testid={`chart-${title}`} className="font-semibold text-text">
            {format(latest)}
          </span>{" "}
          · peak {format(peak)}
        </span>
      </figcaption>
      <div className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-2">
        {/* y axis: the top, the middle and 0, level with their grid lines */}
        <div className="relative h-32 text-right text-[11px] tabular-nums leading-none text-muted" aria-hidden>
          <span className="invisible block">{compact.format(top)}</span>
          {[top, top / 2, 0].map((value, i) => (
            <span key={i} className="absolute right-0 -translate-y-1/2" style={{ top: `${i * 50}%` }}>
              {compact.format(value)}
            </span>
          ))}
        </div>
        <div className="relative h-32">
          <svg
            viewBox="0 0 100 100"
            preserveAspectRatio="none"
            className="absolute inset-0 size-full overflow-visible"
            focusable="false"
            aria-hidden
          >
            {[0, 50, 100].map((y) => (
              <line
                key={y}
                x1={0}
                x2={100}
                y1={y}
                y2={y}
                className={y === 100 ? "stroke-muted" : "stroke-line"}
                strokeWidth={1}
                vectorEffect="non-scaling-stroke"
              />
            ))}
            {points.map((point, i) => {
              const height = top > 0 ? (point.value / top) * 100 : 0;
              return (
                <rect
                  key={point.day}
                  x={i * width + width * 0.1}
                  y={100 - height}
                  width={width * 0.8}
                  height={height}
                  className={clsx(tones[tone], active !== null && active !== i && "opacity-45")}
                />
              );
            })}
          </svg>
          {/* the pointer and keyboard surface: one tab stop for the chart */}
          <div
            role="img"
            tabIndex={0}
            aria-label={`${title}, ${points.length} days. Arrow keys read each day.`}
            aria-describedby={`${id}-tip`}
            className="absolute inset-0 cursor-crosshair rounded-sm focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-accent"
            onPointerMove={pointAt}
            onPointerDown={pointAt}
            onPointerLeave={(event) => {
              if (document.activeElement !== event.currentTarget) setActive(null);
            }}
            onFocus={() => setActive((current) => current ?? last)}
            onBlur={() => setActive(null)}
            onKeyDown={move}
          />
          {shown && active !== null && (
            <div
              aria-hidden
              className="pointer-events-none absolute bottom-full z-10 mb-1 -translate-x-1/2 whitespace-nowrap rounded bg-rail px-2 py-1 text-xs text-text shadow-md ring-1 ring-line"
              style={{ left: `clamp(4.5rem, ${(active + 0.5) * width}%, calc(100% - 4.5rem))` }}
            >
              <span className="block text-muted">{dayLabel(shown.day, true)}</span>
              <span className="font-semibold tabular-nums text-strong">{format(shown.value)}</span>
            </div>
          )}
        </div>
        {/* x axis: dates under their bars */}
        <div />
        <div className="relative mt-1.5 h-4 text-[11px] leading-4 text-muted" aria-hidden>
          {xTicks(points.length).map((i) => (
            <span
              key={i}
              className={clsx(
                "absolute whitespace-nowrap",
                i === 0 ? "left-0" : i === last ? "right-0" : "-translate-x-1/2",
              )}
              style={i === 0 || i === last ? undefined : { left: `${(i + 0.5) * width}%` }}
            >
              {dayLabel(points[i].day)}
            </span>
          ))}
        </div>
      </div>
      {/* what the tooltip says, for screen readers as the focus moves */}
      <p id={`${id}-tip`} className="sr-only" aria-live="polite">
        {shown ? `${dayLabel(shown.day, true)}: ${format(shown.value)}` : ""}
      </p>
      <table className="sr-only">
        <caption>{title}, by day (UTC)</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">{title}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((point) => (
            <tr key={point.day}>
              <th scope="row">{dayLabel(point.day, true)}</th>
              <td>{format(point.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** How much of the month's quota is used, as a bar (warning from 80 %, danger from 100 %). */
export function QuotaMeter({ used, quota }: { used: number; quota: number }) {
  const percent = quota > 0 ? (used / quota) * 100 : 0;
  const color = percent >= 100 ? "bg-danger-solid" : percent >= 80 ? "bg-warning" : "bg-success-solid";
  return (
    <div className="rounded-md bg-sidebar p-4">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 text-sm">
        <span id="quota-meter-label" className="font-semibold text-strong">
          Downstream deliveries this month
        </span>
        <span className="text-muted" data-testid="quota-used">
          {used.toLocaleString("en-US")} of {quota.toLocaleString("en-US")} (
          {percent < 0.1 && used > 0 ? "< 0.1" : percent.toFixed(1)} %)
        </span>
      </div>
      <div
        className="h-3 overflow-hidden rounded-full bg-rail ring-1 ring-line"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={quota}
        aria-valuenow={used}
        aria-valuetext={`${used.toLocaleString("en-US")} of ${quota.toLocaleString("en-US")} deliveries`}
        aria-labelledby="quota-meter-label"
      >
        <div className={`h-full ${color}`} style={{ width: `${Math.min(100, percent)}%` }} />
      </div>
    </div>
  );
}
