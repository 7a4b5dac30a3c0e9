"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Monitor } from "lucide-react";
import { signOutToLogin } from "@/components/shell/sign-out";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, NewPasswordFields, TextField } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { withFailureToast } from "@/components/ui/toast-failure";
import { useSubmit } from "@/components/ui/use-submit";
import {
  changePasswordAction,
  changeUsernameAction,
  deleteAccountAction,
  endOtherSessionsAction,
  endSessionAction,
} from "@/lib/actions/account";
import type { SessionDTO } from "@/lib/dto";

/** A new username, under the sign-up rules. */
export function UsernameForm({ username }: { username: string }) {
  const router = useRouter();
  const { pending, error, fieldErrors, submit } = useSubmit();
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("username") ?? "");
    return submit(
      () => changeUsernameAction({ username: value }),
      (account) => {
        toast.success(`You are now @${account.username}`);
        router.refresh();
      },
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormError message={error} />
      <TextField
        label="Username"
        name="username"
        defaultValue={username}
        maxLength={32}
        autoComplete="username"
        hint="3–32 characters: letters, digits, '_' and '.'. You sign in with it."
        error={fieldErrors.username?.[0]}
      />
      <Button type="submit" className="self-start" pending={pending}>
        Change username
      </Button>
    </form>
  );
}

/** A new password, given the current one; every other browser is signed out. */
export function PasswordForm() {
  const router = useRouter();
  const { pending, error, fieldErrors, setFieldErrors, submit } = useSubmit();
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const newPassword = String(form.get("newPassword") ?? "");
    if (newPassword !== String(form.get("confirmPassword") ?? "")) {
      setFieldErrors({ confirmPassword: ["The two new passwords differ."] });
      return;
    }
    return submit(
      () => changePasswordAction({ currentPassword: String(form.get("currentPassword") ?? ""), newPassword }),
      ({ signedOut }) => {
        formElement.reset();
        toast.success(
          signedOut
            ? `Password changed. ${signedOut} other ${signedOut === 1 ? "session was" : "sessions were"} signed out.`
            : "Password changed.",
        );
        router.refresh();
      },
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormError message={error} />
      <TextField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        error={fieldErrors.currentPassword?.[0]}
      />
      <NewPasswordFields
        name="newPassword"
        error={fieldErrors.newPassword?.[0]}
        confirmError={fieldErrors.confirmPassword?.[0]}
      />
      <Button type="submit" className="self-start" pending={pending}>
        Change password
      </Button>
    </form>
  );
}

/** The browsers signed in to this account; any but this one can be signed out. */
export function SessionList({ sessions }: { sessions: SessionDTO[] }) {
  const router = useRouter();
  const [ending, setEnding] = useState<string | null>(null);
  const others = sessions.filter((session) => !session.current);
  const endOne = async (sessionId: string) => {
    setEnding(sessionId);
    const result = await withFailureToast(() => endSessionAction({ sessionId }))();
    setEnding(null);
    if (result.ok) router.refresh();
  };
  const endOthers = async () => {
    setEnding("others");
    const result = await withFailureToast(() => endOtherSessionsAction())();
    setEnding(null);
    if (result.ok) {
      toast.success("Signed out everywhere else");
      router.refresh();
    }
  };
  return (
    <div className="flex flex-col gap-3">
      <ul aria-label="Signed-in browsers" className="flex flex-col gap-2">
        {sessions.map((session) => (
          <li key={session.id} className="flex items-center gap-3 rounded bg-rail p-3">
            <Monitor className="size-5 shrink-0 text-muted" aria-hidden />
            <div className="min-w-0 flex-1 text-sm">
              <div className="truncate font-medium text-strong">
                {session.browser}
                {session.current && <span className="ml-2 text-xs font-semibold text-success">This browser</span>}
              </div>
              <div className="text-xs text-muted">
                Signed in <LocalTime iso={session.createdAt} dateOnly /> · last seen{" "}
                <LocalTime iso={session.lastSeenAt} />
              </div>
            </div>
            {!session.current && (
              <Button
                variant="secondary"
                className="shrink-0 px-3 py-1"
                pending={ending === session.id}
                onClick={() => void endOne(session.id)}
                aria-label={`Sign out ${session.browser}`}
              >
                Sign out
              </Button>
            )}
          </li>
        ))}
      </ul>
      <Button
        variant="danger"
        className="self-start"
        disabled={others.length === 0}
        pending={ending === "others"}
        onClick={() => void endOthers()}
      >
        Sign out everywhere else
      </Button>
    </div>
  );
}

/** Deletes the account after the password, unless it owns communities (the server says so). */
export function DeleteAccount() {
  const [open, setOpen] = useState(false);
  const { pending, error, fieldErrors, submit } = useSubmit();
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    return submit(
      () => deleteAccountAction({ password }),
      async () => {
        toast.success("Your account was deleted.");
        await signOutToLogin();
      },
    );
  }
  return (
    <div className="rounded border border-danger/50 p-4">
      <p className="text-sm text-muted">
        Your memberships end and your profile goes. Your messages stay, shown as &ldquo;Deleted user&rdquo;. If you own
        a community, transfer it or delete it first.
      </p>
      <Button variant="danger" className="mt-3" onClick={() => setOpen(true)}>
        Delete account
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Delete your account?" description="This cannot be undone.">
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <FormError message={error} />
          <TextField
            label="Your password"
            name="password"
            type="password"
            autoComplete="current-password"
            error={fieldErrors.password?.[0]}
          />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" pending={pending}>
              Delete account
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
