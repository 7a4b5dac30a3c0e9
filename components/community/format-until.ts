/** "until <local date and time>", or "permanently" for the far-future date a permanent mute or ban stores. */
export function formatUntil(iso: string) {
  const date = new Date(iso);
  return date.getFullYear() >= 9999 ? "permanently" : `until ${date.toLocaleString()}`;
}
