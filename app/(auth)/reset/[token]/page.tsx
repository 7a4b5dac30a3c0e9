import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { peekPasswordReset } from "@/lib/domain/admin-users";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Reset password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const account = await peekPasswordReset(token).catch((error: unknown) => {
    if (error instanceof AppError || (error as Error)?.name === "ZodError") return null;
    throw error;
  });
  if (!account)
    return (
      <div className="flex flex-col gap-4 text-center">
        <h1 className="text-2xl font-bold text-strong">This link cannot be used</h1>
        <p className="text-muted">
          It has expired or was already used. Ask an administrator of this site for a new one.
        </p>
        <Link href="/login" className="font-medium text-accent-text hover:underline">
          Go to sign in
        </Link>
      </div>
    );
  return <ResetPasswordForm token={token} username={account.username} />;
}
