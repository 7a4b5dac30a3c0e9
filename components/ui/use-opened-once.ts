import { useState } from "react";

/** True from the first render with `open` on: what loads on demand stays mounted (and loaded) after. */
export function useOpenedOnce(open: boolean): boolean {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened || open;
}
