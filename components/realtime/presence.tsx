"use client";

import { clsx } from "clsx";
import { useCallback, useEffect, useRef, useState } from "react";
import type { PresenceStatus } from "@/lib/dto";
import type { ServerToClientEvents } from "@/lib/realtime/events";
import { answerOrNull } from "./request";
import { useSocket, useSocketEvent } from "./socket-provider";

/** No input (keys, pointer, wheel, touch) for this long: the tab reports itself idle. */
export const IDLE_AFTER_MS = 10 * 60 * 1000;
const QUERY_CHUNK = 200;
const statusOrder: PresenceStatus[] = ["online", "idle", "dnd", "offline"];

/** Reports this tab idle after IDLE_AFTER_MS without input and active again on the next input. */
export function PresenceReporter({ idleAfterMs = IDLE_AFTER_MS }: { idleAfterMs?: number }) {
  const { socket } = useSocket();
  useEffect(() => {
    if (!socket) return;
    let idle = false;
    let timer: ReturnType<typeof setTimeout>;
    const goIdle = () => {
      idle = true;
      socket.emit("presence:idle", { idle: true });
    };
    const onInput = () => {
      clearTimeout(timer);
      timer = setTimeout(goIdle, idleAfterMs);
      if (idle) {
        idle = false;
        socket.emit("presence:idle", { idle: false });
      }
    };
    // a reconnected socket starts active on the server: tell it again if this tab is idle
    const onConnect = () => idle && socket.emit("presence:idle", { idle: true });
    const events = ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"] as const;
    for (const event of events) window.addEventListener(event, onInput, { passive: true });
    socket.on("connect", onConnect);
    timer = setTimeout(goIdle, idleAfterMs);
    return () => {
      clearTimeout(timer);
      for (const event of events) window.removeEventListener(event, onInput);
      socket.off("connect", onConnect);
    };
  }, [socket, idleAfterMs]);
  return null;
}

/** Live presence of some members of a community (asked for on mount, then kept by events). */
export function usePresence(communityId: string, userIds: string[]) {
  const { socket } = useSocket();
  const [statuses, setStatuses] = useState<Map<string, PresenceStatus>>(new Map());
  const asked = useRef(new Set<string>());
  const key = userIds.join(",");

  const ask = useCallback(
    (ids: string[]) => {
      if (!socket || ids.length === 0) return;
      for (let i = 0; i < ids.length; i += QUERY_CHUNK) {
        void answerOrNull(socket, "presence:query", { communityId, userIds: ids.slice(i, i + QUERY_CHUNK) }).then(
          (result) => {
            if (result?.ok) setStatuses((current) => new Map([...current, ...Object.entries(result.data)]));
          },
        );
      }
    },
    [socket, communityId],
  );

  useEffect(() => {
    const fresh = key ? key.split(",").filter((id) => !asked.current.has(id)) : [];
    for (const id of fresh) asked.current.add(id);
    ask(fresh);
  }, [key, ask]);

  // after a reconnect every status may have changed
  useEffect(() => {
    if (!socket) return;
    const again = () => ask([...asked.current]);
    socket.on("connect", again);
    return () => {
      socket.off("connect", again);
    };
  }, [socket, ask]);

  // only the users shown here; a batch from another community is news about them too
  const onChanges = useCallback<ServerToClientEvents["presence:changes"]>((batch) => {
    const shown = statusOrder.flatMap((status) =>
      batch[status].filter((userId) => asked.current.has(userId)).map((userId) => [userId, status] as const),
    );
    if (shown.length === 0) return;
    setStatuses((current) =>
      shown.every(([userId, status]) => current.get(userId) === status) ? current : new Map([...current, ...shown]),
    );
  }, []);
  useSocketEvent("presence:changes", onChanges);

  return statuses;
}

export const presenceLabels: Record<PresenceStatus, string> = {
  online: "Online",
  idle: "Idle",
  dnd: "Do not disturb",
  offline: "Offline",
};

/** The status dot on an avatar's corner. */
export function PresenceDot({ status, className }: { status: PresenceStatus; className?: string }) {
  return (
    <span
      role="img"
      aria-label={presenceLabels[status]}
      title={presenceLabels[status]}
      data-presence={status}
      className={clsx(
        "absolute -bottom-0.5 -right-0.5 size-3.5 rounded-full border-[3px] border-sidebar",
        status === "online" && "bg-success-solid",
        status === "idle" && "bg-[#f0b232]",
        status === "dnd" && "bg-danger-solid",
        status === "offline" && "bg-faint",
        className,
      )}
    />
  );
}
