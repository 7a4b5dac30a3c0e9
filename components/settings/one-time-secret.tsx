"use client";

import { useState, type ReactNode } from "react";
import { toast } from "sonner";
import { Check, Copy } from "lucide-react";
import { Button } from "@/components/ui/button";

/** A token shown the one time it exists in the clear, with Copy (API tokens and bot tokens). */
export function OneTimeSecret({
  secret,
  label,
  copyLabel,
  children,
}: {
  secret: string;
  /** the field's accessible name */
  label: string;
  copyLabel: string;
  /** the sentence above it */
  children: ReactNode;
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      toast.error("Could not copy: select the token and copy it yourself.");
    }
  };
  return (
    <div role="status" className="flex flex-col gap-2 rounded border border-success/40 bg-success/10 p-3">
      <p className="text-sm text-strong">{children}</p>
      <div className="flex items-center gap-2">
        <input
          readOnly
          value={secret}
          aria-label={label}
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 rounded-[4px] bg-rail px-3 py-2 font-mono text-sm text-text outline-none focus:ring-2 focus:ring-accent"
        />
        <Button variant="secondary" onClick={() => void copy()} aria-label={copyLabel}>
          {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}
