import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { BarChart, axisMax, xTicks } from "./charts";

describe("axisMax: a round top whose half is round too", () => {
  test.each([
    [0, 2],
    [1, 2],
    [2, 2],
    [3, 4],
    [7, 8],
    [10, 10],
    [11, 20],
    [130, 200],
    [250, 400],
    [1_000_000, 1_000_000],
    [1_200_000, 2_000_000],
  ])("peak %d → %d", (peak, top) => expect(axisMax(peak)).toBe(top));
});

describe("xTicks: the first and last day, about weekly between, never crowding the last", () => {
  test.each([
    [0, []],
    [1, [0]],
    [2, [0, 1]],
    [7, [0, 2, 4, 6]],
    [30, [0, 8, 16, 29]],
  ])("%d days → %j", (count, ticks) => expect(xTicks(count)).toEqual(ticks));
});

describe("BarChart", () => {
  // 30 days up to Tuesday 29 February 2028 (UTC), the peak on the 28th
  const points = Array.from({ length: 30 }, (_, i) => ({
    day: new Date(Date.UTC(2028, 0, 31 + i)).toISOString().slice(0, 10),
    value: i === 28 ? 130 : i,
  }));
  const html = renderToStaticMarkup(<BarChart title="Messages per day" points={points} tone="warning" />);

  test("has a y axis (0, the middle, the top) and dates under the x axis", () => {
    for (const label of [">0<", ">100<", ">200<"]) expect(html).toContain(label);
    for (const date of ["Jan 31", "Feb 8", "Feb 16", "Feb 29"]) expect(html).toContain(`>${date}<`);
  });

  test("is one named tab stop, with every day in a table for screen readers", () => {
    expect(html.match(/tabindex="0"/g)).toHaveLength(1);
    expect(html).toContain('aria-label="Messages per day, 30 days. Arrow keys read each day."');
    expect(html).toContain("<caption>Messages per day, by day (UTC)</caption>");
    expect(html.match(/<th scope="row">/g)).toHaveLength(30);
    expect(html).toContain('<th scope="row">Mon, Feb 28, 2028</th><td>130</td>');
    expect(html).toContain('data-testid="chart-Messages per day" class="font-semibold text-text">29<');
  });

  test("draws in theme colours only", () => {
    expect(html).toContain("fill-warning");
    expect(html).not.toMatch(/#[0-9a-f]{3,6}\b/i);
  });
});
