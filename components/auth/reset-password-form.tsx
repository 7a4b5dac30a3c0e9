"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, NewPasswordFields } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { resetPasswordAction } from "@/lib/actions/auth";

/** A new password through an administrator's one-time link; then on to sign in. */
export function ResetPasswordForm({ token, username }: { token: string; username: string }) {
  const { pending, error, fieldErrors, setFieldErrors, submit } = useSubmit();
  const [done, setDone] = useState(false);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirmPassword") ?? "")) {
      setFieldErrors({ confirmPassword: ["The two passwords differ."] });
      return;
    }
    return submit(
      () => resetPasswordAction({ token, password }),
      () => setDone(true),
    );
  }

  if (done)
    return (
      <div className="flex flex-col gap-4 text-center" role="status">
        <h1 className="text-2xl font-bold text-strong">Password set</h1>
        <p className="text-muted">
          Every browser signed in as @{username} was signed out. Sign in with your new password.
        </p>
        <Link href="/login" className="font-medium text-accent-text hover:underline">
          Go to sign in
        </Link>
      </div>
    );

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-5" noValidate>
      <div className="text-center">
        <h1 className="text-2xl font-bold text-strong">Choose a new password</h1>
        <p className="mt-1 text-muted">For @{username}</p>
      </div>
      <FormError message={error} />
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <NewPasswordFields
        name="password"
        autoFocus
        error={fieldErrors.password?.[0]}
        confirmError={fieldErrors.confirmPassword?.[0]}
      />
      <Button type="submit" pending={pending}>
        Set password
      </Button>
    </form>
  );
}
