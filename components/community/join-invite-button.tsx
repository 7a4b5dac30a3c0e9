"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { acceptInviteAction } from "@/lib/actions/communities";

export function JoinInviteButton({ code }: { code: string }) {
  const router = useRouter();
  const { pending, error, submit } = useSubmit();

  const join = () =>
    submit(
      () => acceptInviteAction(code),
      ({ community }) => {
        router.push(`/c/${community.id}`);
        router.refresh();
      },
    );

  return (
    <>
      <FormError message={error} />
      <Button onClick={join} pending={pending} className="py-2.5">
        Accept invite
      </Button>
    </>
  );
}
