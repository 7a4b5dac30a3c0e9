import type { PresenceMode, PresenceStatus } from "../dto";

/**
 * What others see of a connected user: the mode they chose decides, unless it is AUTO (then their
 * tabs do: online while one is active, idle when all are). INVISIBLE looks offline.
 */
export function shownStatus(mode: PresenceMode, anyActive: boolean): PresenceStatus {
  if (mode === "INVISIBLE") return "offline";
  if (mode === "DND") return "dnd";
  if (mode === "IDLE") return "idle";
  return anyActive ? "online" : "idle";
}

/**
 * Who is online: a user is online while any of their sockets is active, idle while all their
 * sockets are idle (no input for 10 minutes), offline without sockets; a chosen mode overrides
 * that (shownStatus). Each change returns the user's status before and after, so callers announce
 * only real changes.
 */
export class PresenceRegistry {
  private readonly sockets = new Map<string, { userId: string; idle: boolean }>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly modes = new Map<string, PresenceMode>(); // users with sockets; absent: AUTO

  statusOf(userId: string): PresenceStatus {
    const ids = this.byUser.get(userId);
    if (!ids || ids.size === 0) return "offline";
    let anyActive = false;
    for (const id of ids) if (!this.sockets.get(id)?.idle) anyActive = true;
    return shownStatus(this.modes.get(userId) ?? "AUTO", anyActive);
  }

  /** The user chose a status (every process hears it through its own sockets' handler). */
  setMode(userId: string, mode: PresenceMode) {
    return this.change(userId, () => {
      if (this.byUser.has(userId)) this.modes.set(userId, mode);
    });
  }

  connect(userId: string, socketId: string, mode: PresenceMode = "AUTO") {
    return this.change(userId, () => {
      this.modes.set(userId, mode);
      this.sockets.set(socketId, { userId, idle: false });
      const ids = this.byUser.get(userId) ?? new Set<string>();
      ids.add(socketId);
      this.byUser.set(userId, ids);
    });
  }

  disconnect(socketId: string) {
    const socket = this.sockets.get(socketId);
    if (!socket) return null;
    return this.change(socket.userId, () => {
      this.sockets.delete(socketId);
      const ids = this.byUser.get(socket.userId);
      ids?.delete(socketId);
      if (ids?.size === 0) {
        this.byUser.delete(socket.userId);
        this.modes.delete(socket.userId);
      }
    });
  }

  setIdle(socketId: string, idle: boolean) {
    const socket = this.sockets.get(socketId);
    if (!socket) return null;
    return this.change(socket.userId, () => {
      socket.idle = idle;
    });
  }

  private change(userId: string, mutate: () => void) {
    const before = this.statusOf(userId);
    mutate();
    const after = this.statusOf(userId);
    return before === after ? null : { userId, status: after };
  }
}
