"use client";

import { useEffect } from "react";

/** Marks the document once React has hydrated it (end-to-end tests wait for it before clicking). */
export function HydrationMark() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}
