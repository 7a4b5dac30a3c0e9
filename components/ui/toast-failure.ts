"use client";

import { toast } from "sonner";
import type { Failure, Result } from "@/lib/errors";
import { offlineMessage } from "./use-submit";

/** Shows a failure as a toast: the sentence for the person, the code for support. */
export function toastFailure(failure: Pick<Failure, "code" | "message">) {
  toast.error(failure.message, { description: `Error ${failure.code}` });
}

/** Wraps a call answering in the result shape so that any failure (or no answer) also toasts. */
export function withFailureToast<T>(run: () => Promise<Result<T>>): () => Promise<Result<T>> {
  return async () => {
    try {
      const result = await run();
      if (!result.ok) toastFailure(result);
      return result;
    } catch (error) {
      toast.error(offlineMessage);
      throw error;
    }
  };
}
