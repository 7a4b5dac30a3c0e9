"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { ErrorCode, type Result } from "@/lib/error-codes";

/**
 * next-auth's sign-in answer in the app's result shape. next-auth's own errors are one-word codes;
 * a sentence is what lib/auth.ts's authorize threw for people to read (the wait after too many attempts).
 */
export async function signInWithPassword(username: string, password: string): Promise<Result<null>> {
  const result = await signIn("credentials", { username, password, redirect: false });
  if (result && !result.error) return { ok: true, data: null };
  if (result?.error === "CredentialsSignin")
    return { ok: false, code: ErrorCode.BAD_CREDENTIALS, message: "Wrong username or password." };
  if (result?.error && /\s/.test(result.error)) return { ok: false, code: ErrorCode.GENERIC, message: result.error };
  return { ok: false, code: ErrorCode.SERVER, message: "Could not sign in. Please try again." };
}

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const { pending, error, submit } = useSubmit();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    return submit(
      () => signInWithPassword(String(form.get("username") ?? ""), String(form.get("password") ?? "")),
      // A full navigation, so every server component sees the new session cookie.
      () => window.location.assign(callbackUrl),
    );
  }

  return (
    <form method="post" onSubmit={onSubmit} className="flex flex-col gap-5" noValidate>
      <div className="text-center">
        <h1 className="text-2xl font-bold text-strong">Welcome back!</h1>
        <p className="mt-1 text-muted">Sign in to continue to your communities.</p>
      </div>
      <FormError message={error} />
      <TextField label="Username" name="username" autoComplete="username" autoFocus required maxLength={64} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        maxLength={200}
      />
      <Button type="submit" pending={pending} className="w-full py-2.5">
        Sign in
      </Button>
      <p className="text-sm text-muted">
        Need an account?{" "}
        <Link className="text-link hover:underline" href={`/register?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
          Register
        </Link>
      </p>
    </form>
  );
}
