import { clsx } from "clsx";

/**
 * One table, two layouts by the width of its container (the settings pane is a `@container`):
 * wide, a table; narrow, each row a card of "label value" lines, the column headers kept for
 * screen readers and shown as each cell's label. `fold` is the container width below which rows
 * become cards: `xl` (36rem) or `2xl` (42rem) for tables with more columns.
 *
 * Use: <table className={t.table}>, <thead className={t.thead}>, <th className={t.th}>,
 * <tbody className={t.tbody}>, <tr className={t.tr}>, the row's name in <th scope="row" className={t.title}>,
 * other cells <td className={t.td}><CellLabel fold=…>Uses</CellLabel>…</td>, actions <td className={t.actions}>.
 */
export function cardTable(fold: "xl" | "2xl" = "xl") {
  const narrow =
    fold === "xl"
      ? {
          table: "@max-xl:block",
          thead: "@max-xl:sr-only",
          tbody: "@max-xl:flex @max-xl:flex-col @max-xl:gap-2",
          tr: "@max-xl:flex @max-xl:flex-col @max-xl:gap-1 @max-xl:rounded-md @max-xl:bg-rail @max-xl:p-3 @xl:border-t @xl:border-line",
          cell: "@max-xl:flex @max-xl:min-w-0 @max-xl:gap-3 @xl:px-3 @xl:py-2",
          title: "@max-xl:mb-1 @max-xl:block @xl:px-3 @xl:py-2",
          actions: "@max-xl:mt-1 @max-xl:flex @max-xl:justify-end @xl:px-3 @xl:py-1 @xl:text-right",
          numeric: "@xl:text-right",
        }
      : {
          table: "@max-2xl:block",
          thead: "@max-2xl:sr-only",
          tbody: "@max-2xl:flex @max-2xl:flex-col @max-2xl:gap-2",
          tr: "@max-2xl:flex @max-2xl:flex-col @max-2xl:gap-1 @max-2xl:rounded-md @max-2xl:bg-rail @max-2xl:p-3 @2xl:border-t @2xl:border-line",
          cell: "@max-2xl:flex @max-2xl:min-w-0 @max-2xl:gap-3 @2xl:px-3 @2xl:py-2",
          title: "@max-2xl:mb-1 @max-2xl:block @2xl:px-3 @2xl:py-2",
          actions: "@max-2xl:mt-1 @max-2xl:flex @max-2xl:justify-end @2xl:px-3 @2xl:py-1 @2xl:text-right",
          numeric: "@2xl:text-right",
        };
  return {
    table: clsx("w-full text-left text-sm", narrow.table),
    thead: clsx("text-xs uppercase tracking-wide text-muted", narrow.thead),
    th: "whitespace-nowrap px-3 py-2 font-semibold",
    thNumeric: "whitespace-nowrap px-3 py-2 text-right font-semibold",
    tbody: narrow.tbody,
    tr: narrow.tr,
    title: clsx("text-left font-normal", narrow.title),
    td: narrow.cell,
    tdNumeric: clsx("tabular-nums", narrow.cell, narrow.numeric),
    actions: narrow.actions,
  };
}

/** A cell's column name, shown only while the rows are cards (the header says it in the table). */
export function CellLabel({ fold = "xl", children }: { fold?: "xl" | "2xl"; children: React.ReactNode }) {
  return (
    <span aria-hidden className={clsx("w-24 shrink-0 text-muted", fold === "xl" ? "@xl:hidden" : "@2xl:hidden")}>
      {children}
    </span>
  );
}
