import client from "prom-client";
import { processSingleton } from "./singletons";

/**
 * The process's Prometheus metrics (served at /metrics by server.ts when METRICS_TOKEN is set).
 * One registry per process on globalThis: Next's chunks and server.ts's bundle record into the same
 * counters. Pool and Redis gauges are read when scraped, from sources registered at start.
 */
export const metrics = processSingleton("metrics", () => {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry }); // process, heap, GC, event-loop lag
  const registers = [registry];
  const sources: {
    pool?: () => { total: number; idle: number; waiting: number } | null;
    redis?: () => boolean | null;
    quota?: () => Promise<{ used: number; quota: number }>;
  } = {};
  return {
    registry,
    sources,
    httpRequests: new client.Counter({
      name: "chat_http_requests_total",
      help: "HTTP requests by route pattern and status",
      labelNames: ["route", "status"] as const,
      registers,
    }),
    httpDuration: new client.Histogram({
      name: "chat_http_request_duration_seconds",
      help: "HTTP request duration by route pattern",
      labelNames: ["route"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    socketConnections: new client.Gauge({
      name: "chat_socket_connections",
      help: "Socket.IO connections open in this process",
      registers,
    }),
    socketEvents: new client.Counter({
      name: "chat_socket_events_total",
      help: "Socket events answered, by name and outcome (ok or the error code)",
      labelNames: ["event", "outcome"] as const,
      registers,
    }),
    sendDuration: new client.Histogram({
      name: "chat_send_duration_seconds",
      help: "A message:send from receiving it to its answer (stored, committed and published)",
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    messages: new client.Counter({ name: "chat_messages_total", help: "Messages stored", registers }),
    deliveries: new client.Counter({
      name: "chat_message_deliveries_total",
      help: "Downstream deliveries counted (a message to N readers counts N)",
      registers,
    }),
    eventDeliveries: new client.Counter({
      name: "chat_event_deliveries_total",
      help: "Outgoing event delivery attempts by outcome",
      labelNames: ["outcome"] as const,
      registers,
    }),
    dbPool: new client.Gauge({
      name: "chat_db_pool_connections",
      help: "Database pool connections: total, idle, and requests waiting for one",
      labelNames: ["state"] as const,
      registers,
      collect() {
        const pool = sources.pool?.();
        if (!pool) return;
        this.set({ state: "total" }, pool.total);
        this.set({ state: "idle" }, pool.idle);
        this.set({ state: "in_use" }, pool.total - pool.idle);
        this.set({ state: "waiting" }, pool.waiting);
      },
    }),
    quota: new client.Gauge({
      name: "chat_monthly_deliveries",
      help: "This month's downstream deliveries (used) and the plan's monthly quota",
      labelNames: ["kind"] as const,
      registers,
      async collect() {
        const use = await sources.quota?.();
        if (!use) return;
        this.set({ kind: "used" }, use.used);
        this.set({ kind: "quota" }, use.quota);
      },
    }),
    redisUp: new client.Gauge({
      name: "chat_redis_up",
      help: "1 while the Socket.IO adapter's Redis connection is ready, 0 while it is not (absent without REDIS_URL)",
      registers,
      collect() {
        const up = sources.redis?.();
        if (up !== null && up !== undefined) this.set(up ? 1 : 0);
      },
    }),
  };
});

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * A request path as a low-cardinality label: ids become `:id`, secrets and file keys never appear,
 * static assets are one label, and anything unmatched (a 404) is one label too.
 */
export function routeLabel(url: string, status: number): string {
  if (status === 404) return "unmatched";
  const path = url.split("?")[0];
  if (path.startsWith("/_next/")) return "/_next/*";
  if (path.startsWith("/api/files/")) return "/api/files/*";
  if (path.startsWith("/api/webhooks/")) return "/api/webhooks/:id/:token";
  if (path.startsWith("/api/v1/reference/")) return "/api/v1/reference/*";
  // a path's own words are lower-case; anything else a client chose (ids, invite codes) is a parameter
  const segments = path
    .split("/")
    .slice(1, 8)
    .map((segment) =>
      ULID.test(segment) ? ":id" : /^[a-z][a-z-]{0,30}$/.test(segment) || segment === "" ? segment : ":param",
    );
  return `/${segments.join("/")}`;
}
