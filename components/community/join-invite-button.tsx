"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { acceptInviteAction } from "@/lib/actions/communities";

export function JoinInviteButton({ code }: { code: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function join() {
    setPending(true);
    setError(null);
    try {
      const result = await acceptInviteAction(code);
      if (!result.ok) {
        setError(result.message);
        setPending(false);
        return;
      }
      router.push(`/c/${result.data.community.id}`);
      router.refresh();
    } catch {
      setError("Could not reach the server. Please try again.");
      setPending(false);
    }
  }

  return (
    <>
      <FormError message={error} />
      <Button onClick={join} pending={pending} className="py-2.5">
        Accept invite
      </Button>
    </>
  );
}
