"use client";

import Link from "next/link";
import { useState } from "react";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { registerAction } from "@/lib/actions/auth";
import { registerSchema } from "@/lib/schemas/auth";

type Errors = Partial<Record<"username" | "displayName" | "password", string>>;

export function RegisterForm({ callbackUrl }: { callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Errors>({});

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      username: String(form.get("username") ?? ""),
      displayName: String(form.get("displayName") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    setError(null);
    // Same schema as the server: instant feedback, the server still decides.
    const parsed = registerSchema.safeParse(input);
    if (!parsed.success) {
      const errors: Errors = {};
      for (const issue of parsed.error.issues) errors[issue.path[0] as keyof Errors] ??= issue.message;
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    setPending(true);
    try {
      const result = await registerAction(input);
      if (!result.ok) {
        const errors: Errors = {};
        for (const [key, messages] of Object.entries(result.fieldErrors ?? {})) errors[key as keyof Errors] = messages[0];
        setFieldErrors(errors);
        if (!Object.keys(errors).length) setError(result.message);
        setPending(false);
        return;
      }
      const signedIn = await signIn("credentials", { username: input.username, password: input.password, redirect: false });
      if (!signedIn || signedIn.error) {
        setError("Your account was created, but signing in failed. Please sign in.");
        setPending(false);
        return;
      }
      window.location.assign(callbackUrl);
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-5" noValidate>
      <div className="text-center">
        <h1 className="text-2xl font-bold text-white">Create an account</h1>
        <p className="mt-1 text-muted">Join communities and chat live.</p>
      </div>
      <FormError message={error} />
      <TextField
        label="Username"
        name="username"
        autoComplete="username"
        autoFocus
        maxLength={32}
        error={fieldErrors.username}
        hint="3–32 characters: letters, digits, _ and ."
      />
      <TextField label="Display name" name="displayName" autoComplete="nickname" maxLength={64} error={fieldErrors.displayName} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        maxLength={200}
        error={fieldErrors.password}
        hint="At least 8 characters, mixing letters with digits or symbols."
      />
      <Button type="submit" pending={pending} className="w-full py-2.5">
        Continue
      </Button>
      <p className="text-sm text-muted">
        Already have an account?{" "}
        <Link className="text-[#00a8fc] hover:underline" href={`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
          Sign in
        </Link>
      </p>
    </form>
  );
}
