/**
 * Downstream usage counting lives in internal/usage.ts (sends reserve and count deliveries; the
 * billing pages flush and read). The process that serves the app stops it on shutdown.
 */
export { stopUsage } from "./internal/usage";
