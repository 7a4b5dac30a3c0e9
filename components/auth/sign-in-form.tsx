"use client";

import Link from "next/link";
import { useState } from "react";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        username: String(form.get("username") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!result || result.error) {
        setError(result?.error === "CredentialsSignin" ? "Wrong username or password." : "Could not sign in. Please try again.");
        setPending(false);
        return;
      }
      // A full navigation, so every server component sees the new session cookie.
      window.location.assign(callbackUrl);
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-5" noValidate>
      <div className="text-center">
        <h1 className="text-2xl font-bold text-white">Welcome back!</h1>
        <p className="mt-1 text-muted">Sign in to continue to your communities.</p>
      </div>
      <FormError message={error} />
      <TextField label="Username" name="username" autoComplete="username" autoFocus required maxLength={64} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required maxLength={200} />
      <Button type="submit" pending={pending} className="w-full py-2.5">
        Sign in
      </Button>
      <p className="text-sm text-muted">
        Need an account?{" "}
        <Link className="text-[#00a8fc] hover:underline" href={`/register?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
          Register
        </Link>
      </p>
    </form>
  );
}
