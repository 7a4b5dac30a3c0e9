"use client";

import { createContext, useContext } from "react";

/** Whose profile card to open: by user id (a name or avatar), or by username (a mention). */
export type ProfileRef = { userId: string } | { username: string };

const ProfileOpenerContext = createContext<((ref: ProfileRef) => void) | null>(null);

/** Given by the view that shows profile cards (a channel with its thread panel). */
export const ProfileOpenerProvider = ProfileOpenerContext.Provider;

/** Opens a profile card, or null where no card can open (names then stay plain text). */
export const useOpenProfile = () => useContext(ProfileOpenerContext);
