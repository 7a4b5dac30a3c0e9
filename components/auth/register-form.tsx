"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { registerAction } from "@/lib/actions/auth";
import { registerSchema } from "@/lib/schemas/auth";
import { toFailure } from "@/lib/errors";
import { signInWithPassword } from "./sign-in-form";

export function RegisterForm({ callbackUrl }: { callbackUrl: string }) {
  const { pending, error, fieldErrors, submit } = useSubmit();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      username: String(form.get("username") ?? ""),
      displayName: String(form.get("displayName") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    return submit(
      async () => {
        // The server's schema, run here first for instant feedback; the server still decides.
        const parsed = registerSchema.safeParse(input);
        return parsed.success ? registerAction(input) : toFailure(parsed.error);
      },
      async () => {
        const signedIn = await signInWithPassword(input.username, input.password);
        window.location.assign(signedIn.ok ? callbackUrl : `/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      },
    );
  }

  return (
    <form method="post" onSubmit={onSubmit} className="flex flex-col gap-5" noValidate>
      <div className="text-center">
        <h1 className="text-2xl font-bold text-strong">Create an account</h1>
        <p className="mt-1 text-muted">Join communities and chat live.</p>
      </div>
      <FormError message={error} />
      <TextField
        label="Username"
        name="username"
        autoComplete="username"
        autoFocus
        maxLength={32}
        error={fieldErrors.username?.[0]}
        hint="3–32 characters: letters, digits, _ and ."
      />
      <TextField
        label="Display name"
        name="displayName"
        autoComplete="nickname"
        maxLength={64}
        error={fieldErrors.displayName?.[0]}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        maxLength={200}
        error={fieldErrors.password?.[0]}
        hint="At least 8 characters, mixing letters with digits or symbols."
      />
      <Button type="submit" pending={pending} className="w-full py-2.5">
        Continue
      </Button>
      <p className="text-sm text-muted">
        Already have an account?{" "}
        <Link className="text-link hover:underline" href={`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
          Sign in
        </Link>
      </p>
    </form>
  );
}
