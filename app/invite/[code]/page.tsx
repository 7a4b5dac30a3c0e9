import type { Metadata } from "next";
import Link from "next/link";
import { getServerSession } from "next-auth";
import { Users } from "lucide-react";
import { JoinInviteButton } from "@/components/community/join-invite-button";
import { initials } from "@/components/ui/avatar";
import { authOptions } from "@/lib/auth";
import { getInvitePreview } from "@/lib/domain/invites";
import { AppError } from "@/lib/errors";
import { parsePageParams } from "@/lib/queries/page-params";
import { inviteCodeSchema } from "@/lib/schemas/community";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await parsePageParams(params, { code: inviteCodeSchema });
  const session = await getServerSession(authOptions);
  const preview = await getInvitePreview(code).catch((error: unknown) => {
    if (error instanceof AppError) return error;
    throw error;
  });
  const back = encodeURIComponent(`/invite/${code}`);

  return (
    <main className="flex min-h-full items-center justify-center bg-[radial-gradient(circle_at_top,#404eed_0%,#1e1f22_60%)] p-4">
      <div className="w-full max-w-md rounded-lg bg-main p-8 text-center shadow-2xl">
        {preview instanceof AppError ? (
          <>
            <h1 className="text-2xl font-bold text-strong">Invite invalid</h1>
            <p role="alert" className="mt-2 text-muted">
              {preview.message}
            </p>
            <Link
              href="/"
              className="mt-6 inline-block rounded-[4px] bg-accent px-4 py-2 text-sm font-medium text-white hover:bg-accent-hover"
            >
              Go home
            </Link>
          </>
        ) : (
          <>
            <span className="mx-auto flex size-20 items-center justify-center rounded-3xl bg-accent text-2xl font-semibold text-white">
              {initials(preview.community.name)}
            </span>
            <p className="mt-4 text-sm text-muted">You have been invited to join</p>
            <h1 className="mt-1 break-words text-2xl font-bold text-strong">{preview.community.name}</h1>
            {preview.community.notice && (
              <p className="mt-2 break-words text-sm text-muted">{preview.community.notice}</p>
            )}
            <p className="mt-3 inline-flex items-center gap-1 text-sm text-muted">
              <Users className="size-4" /> {preview.community.memberCount.toLocaleString("en-US")}{" "}
              {preview.community.memberCount === 1 ? "member" : "members"}
            </p>
            <div className="mt-6 flex flex-col gap-3">
              {session?.user ? (
                <JoinInviteButton code={code} />
              ) : (
                <>
                  <Link
                    href={`/register?callbackUrl=${back}`}
                    className="rounded-[4px] bg-accent px-4 py-2.5 text-sm font-medium text-white hover:bg-accent-hover"
                  >
                    Create an account to join
                  </Link>
                  <Link href={`/login?callbackUrl=${back}`} className="text-sm text-link hover:underline">
                    I already have an account
                  </Link>
                </>
              )}
            </div>
          </>
        )}
      </div>
    </main>
  );
}
