/** Any fixed origin: a candidate that resolves to another origin is leaving the app. */
const BASE = new URL("https://app.invalid");
/** Browsers drop TAB/CR/LF and read "\" as "/" when they parse a URL; a header cannot hold CR/LF at all. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\\]/;

/**
 * Only same-site paths may be redirect targets (no open redirects through callbackUrl). The answer
 * is the path, query and fragment of the parsed URL: exactly where a browser will go.
 */
export function safeCallbackUrl(value: string | string[] | undefined | null, fallback = "/"): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (!candidate?.startsWith("/") || UNSAFE.test(candidate)) return fallback;
  let url: URL;
  try {
    url = new URL(candidate, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE.origin) return fallback;
  const target = url.pathname + url.search + url.hash;
  // "/.//evil" parses on this origin with the path "//evil": the path alone must stay here too
  return new URL(target, BASE).origin === BASE.origin ? target : fallback;
}
