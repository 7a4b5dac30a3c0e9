"use client";

import { useState } from "react";
import type { Result } from "@/lib/errors";

export const offlineMessage = "Could not reach the server. Check your connection and try again.";

/**
 * Pending, error and field-error state for a form whose submit answers in the result shape.
 * Field errors show beside their fields; any other failure shows once above the form.
 */
export function useSubmit() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[] | undefined>>({});

  async function submit<T>(run: () => Promise<Result<T>>, onSuccess: (data: T) => void | Promise<void>) {
    setPending(true);
    setError(null);
    setFieldErrors({});
    try {
      const result = await run();
      if (!result.ok) {
        if (result.fieldErrors) setFieldErrors(result.fieldErrors);
        else setError(result.message);
        return;
      }
      await onSuccess(result.data);
    } catch {
      setError(offlineMessage);
    } finally {
      setPending(false);
    }
  }

  return { pending, error, fieldErrors, setFieldErrors, submit };
}
