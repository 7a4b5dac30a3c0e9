/** The colour theme a browser chose (a cookie, so the server renders it without a flash). */
export const themes = ["dark", "light", "system"] as const;
export type Theme = (typeof themes)[number];
export const themeCookie = "theme";

export function parseTheme(value: string | undefined): Theme {
  return themes.find((theme) => theme === value) ?? "dark";
}
