import { notFound } from "next/navigation";
import { z } from "zod";

type SearchParams = Record<string, string | string[] | undefined>;
/** Each search param may be missing: its schema is optional or has a default. */
type SearchShape = Record<string, z.ZodOptional<z.ZodType> | z.ZodDefault<z.ZodType>>;

/** A page's route params, parsed: one its schema refuses names nothing, so the page is not found. */
export async function parsePageParams<Shape extends z.ZodRawShape>(
  params: Promise<unknown>,
  shape: Shape,
): Promise<z.output<z.ZodObject<Shape>>> {
  const parsed = z.object(shape).safeParse(await params);
  if (!parsed.success) notFound();
  return parsed.data;
}

/**
 * A page's search params, each parsed on its own: one its schema refuses (too long, repeated,
 * unstorable) counts as absent, so a bad cursor opens the first page.
 */
export async function parseSearchParams<Shape extends SearchShape>(
  searchParams: Promise<SearchParams>,
  shape: Shape,
): Promise<{ [K in keyof Shape]: z.output<Shape[K]> }> {
  const raw = await searchParams;
  const read = (name: string, schema: SearchShape[string]) => {
    const parsed = schema.safeParse(raw[name]);
    return parsed.success ? parsed.data : schema.parse(undefined);
  };
  return Object.fromEntries(Object.entries(shape).map(([name, schema]) => [name, read(name, schema)])) as {
    [K in keyof Shape]: z.output<Shape[K]>;
  };
}
