"use client";

import { createContext, useCallback, useContext, useState } from "react";
import type { PersonUpdate } from "@/lib/dto";
import { useSocketEvent } from "./socket-provider";

const PeopleContext = createContext<Map<string, PersonUpdate>>(new Map());

/** Names and avatars people changed since the page loaded (everyone sharing a community or conversation with them hears it). */
export function PeopleProvider({ children }: { children: React.ReactNode }) {
  const [people, setPeople] = useState<Map<string, PersonUpdate>>(new Map());
  const onUpdated = useCallback(
    (person: PersonUpdate) => setPeople((current) => new Map(current).set(person.id, person)),
    [],
  );
  useSocketEvent("user:updated", onUpdated);
  return <PeopleContext.Provider value={people}>{children}</PeopleContext.Provider>;
}

/** `person` with the names and avatar they have now. */
export function withUpdate<T extends { id: string }>(person: T, update: PersonUpdate | undefined): T {
  return update
    ? { ...person, username: update.username, displayName: update.displayName, avatarUrl: update.avatarUrl }
    : person;
}

export const usePeopleUpdates = () => useContext(PeopleContext);

/** A person (a message's author, a member) as they are now. */
export function usePerson<T extends { id: string }>(person: T): T {
  return withUpdate(person, useContext(PeopleContext).get(person.id));
}
