/** Only same-site paths may be redirect targets (no open redirects through callbackUrl). */
export function safeCallbackUrl(value: string | string[] | undefined | null, fallback = "/"): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (!candidate || !candidate.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")) return fallback;
  return candidate;
}
