"use client";

import { createContext, useCallback, useContext, useMemo, useState } from "react";
import { ErrorCode, type Result } from "@/lib/error-codes";
import type { CustomStatus, MyStatus, PresenceStatus } from "@/lib/dto";
import type { StatusInput } from "@/lib/schemas/account";
import { request } from "./request";
import { useSocket, useSocketEvent } from "./socket-provider";

type MyStatusContext = { status: MyStatus; setStatus: (input: StatusInput) => Promise<Result<MyStatus>> };

const Context = createContext<MyStatusContext>({
  status: { mode: "AUTO", custom: null },
  setStatus: async () => ({ ok: false, code: ErrorCode.GENERIC, message: "Not connected." }),
});

/** The signed-in person's chosen status and custom status, kept in step across their tabs. */
export function MyStatusProvider({ initial, children }: { initial: MyStatus; children: React.ReactNode }) {
  const { socket } = useSocket();
  const [status, setState] = useState(initial);
  useSocketEvent("status:mine", setState);
  const setStatus = useCallback(
    async (input: StatusInput): Promise<Result<MyStatus>> => {
      if (!socket) return { ok: false, code: ErrorCode.GENERIC, message: "Not connected yet. Try again in a moment." };
      const result = await request(socket, "status:set", input);
      if (result.ok) setState(result.data);
      return result;
    },
    [socket],
  );
  const value = useMemo(() => ({ status, setStatus }), [status, setStatus]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export const useMyStatus = () => useContext(Context);

/** How one's own status dot looks to oneself: invisible shows as offline (a hollow dot). */
export function ownPresence(status: MyStatus): PresenceStatus {
  return { AUTO: "online", IDLE: "idle", DND: "dnd", INVISIBLE: "offline" }[status.mode] as PresenceStatus;
}

/** A custom status as one line ("📅 In a meeting"), or null when there is none or it has expired. */
export function shownCustomStatus(custom: CustomStatus | null): string | null {
  if (!custom || (custom.expiresAt && Date.parse(custom.expiresAt) <= Date.now())) return null;
  return `${custom.emoji} ${custom.text}`.trim() || null;
}
