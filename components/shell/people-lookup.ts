import type { SwitchPerson } from "@/lib/dto";
import type { Result } from "@/lib/errors";

/** People sharing a community with the user whose display name or username starts with `query`. */
export async function loadPeople(query: string): Promise<Result<SwitchPerson[]>> {
  const response = await fetch(`/api/switcher/people?query=${encodeURIComponent(query)}`, { cache: "no-store" });
  return response.json();
}

/** How long typing pauses before people are looked up. */
export const PEOPLE_DEBOUNCE_MS = 150;
