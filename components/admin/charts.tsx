/** A small bar chart (server-rendered SVG): one bar per day, the latest value and the peak in the caption. */
export function BarChart({
  title,
  points,
  color = "#5865f2",
  unit = "",
}: {
  title: string;
  points: { label: string; value: number }[];
  color?: string;
  unit?: string;
}) {
  const peak = Math.max(1, ...points.map((point) => point.value));
  const width = 600;
  const height = 140;
  const gap = 2;
  const bar = width / Math.max(points.length, 1);
  const latest = points.at(-1)?.value ?? 0;
  const format = (value: number) => `${value.toLocaleString("en-US")}${unit}`;
  return (
    <figure className="rounded-md bg-sidebar p-4">
      <figcaption className="mb-2 flex items-baseline justify-between gap-2">
        <span className="text-sm font-semibold text-white">{title}</span>
        <span className="text-xs text-muted">
          today{" "}
          <span data-testid={`chart-${title}`} className="font-semibold text-text">
            {format(latest)}
          </span>{" "}
          · peak {format(Math.max(0, ...points.map((p) => p.value)))}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="h-32 w-full"
        role="img"
        aria-label={`${title}, last ${points.length} days; today ${format(latest)}`}
        preserveAspectRatio="none"
      >
        {points.map((point, i) => {
          const h = (point.value / peak) * (height - 4);
          return (
            <rect
              key={point.label}
              x={i * bar + gap / 2}
              y={height - h}
              width={Math.max(bar - gap, 1)}
              height={h}
              rx={2}
              fill={color}
            >
              <title>{`${point.label}: ${format(point.value)}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="mt-1 flex justify-between text-[11px] text-faint">
        <span>{points[0]?.label}</span>
        <span>{points.at(-1)?.label}</span>
      </div>
    </figure>
  );
}

/** How much of the month's quota is used, as a bar (amber from 80 %, red from 100 %). */
export function QuotaMeter({ used, quota }: { used: number; quota: number }) {
  const percent = quota > 0 ? (used / quota) * 100 : 0;
  const color = percent >= 100 ? "bg-danger" : percent >= 80 ? "bg-amber-500" : "bg-success";
  return (
    <div className="rounded-md bg-sidebar p-4">
      <div className="mb-2 flex items-baseline justify-between text-sm">
        <span className="font-semibold text-white">Downstream deliveries this month</span>
        <span className="text-muted" data-testid="quota-used">
          {used.toLocaleString("en-US")} of {quota.toLocaleString("en-US")} (
          {percent < 0.1 && used > 0 ? "< 0.1" : percent.toFixed(1)} %)
        </span>
      </div>
      <div
        className="h-3 overflow-hidden rounded-full bg-rail"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={quota}
        aria-valuenow={used}
        aria-label="Monthly quota used"
      >
        <div className={`h-full ${color}`} style={{ width: `${Math.min(100, percent)}%` }} />
      </div>
    </div>
  );
}
