import type { PresenceStatus } from "../dto";

/**
 * Who is online: a user is online while any of their sockets is active, idle while all their
 * sockets are idle (no input for 10 minutes), offline without sockets. Each change returns the
 * user's status before and after, so callers announce only real changes.
 */
export class PresenceRegistry {
  private readonly sockets = new Map<string, { userId: string; idle: boolean }>();
  private readonly byUser = new Map<string, Set<string>>();

  statusOf(userId: string): PresenceStatus {
    const ids = this.byUser.get(userId);
    if (!ids || ids.size === 0) return "offline";
    for (const id of ids) if (!this.sockets.get(id)?.idle) return "online";
    return "idle";
  }

  connect(userId: string, socketId: string) {
    return this.change(userId, () => {
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
      if (ids?.size === 0) this.byUser.delete(socket.userId);
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
