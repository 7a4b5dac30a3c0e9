"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { KeyRound } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { withFailureToast } from "@/components/ui/toast-failure";
import { useSubmit } from "@/components/ui/use-submit";
import { OneTimeSecret } from "./one-time-secret";
import { createApiTokenAction, revokeApiTokenAction } from "@/lib/actions/api-tokens";
import type { ApiTokenDTO } from "@/lib/dto";

const lifetimes = [
  { value: "30", label: "30 days" },
  { value: "7", label: "7 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "Never" },
];

/** Personal access tokens: create one (shown once), list them, revoke any. */
export function ApiTokens({ tokens }: { tokens: ApiTokenDTO[] }) {
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  return (
    <div className="flex flex-col gap-6">
      <CreateTokenForm onCreated={setCreated} />
      {created && <NewToken {...created} />}
      <TokenList tokens={tokens} />
      <CurlExample token={created?.secret} />
    </div>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (token: { name: string; secret: string }) => void }) {
  const router = useRouter();
  const { pending, error, fieldErrors, submit } = useSubmit();
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const lifetime = String(data.get("expiresInDays"));
    return submit(
      () =>
        createApiTokenAction({
          name: String(data.get("name") ?? ""),
          scope: data.get("scope") === "WRITE" ? "WRITE" : "READ",
          expiresInDays: lifetime === "never" ? null : (Number(lifetime) as 7),
        }),
      ({ token, secret }) => {
        onCreated({ name: token.name, secret });
        form.reset();
        router.refresh();
      },
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="New API token">
      <FormError message={error} />
      <TextField
        label="Token name"
        name="name"
        maxLength={100}
        placeholder="Deploy notifier"
        hint="What it is for, so you recognise it later."
        error={fieldErrors.name?.[0]}
        required
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Access" name="scope" defaultValue="READ" error={fieldErrors.scope?.[0]}>
          <option value="READ">Read only</option>
          <option value="WRITE">Read and write</option>
        </SelectField>
        <SelectField label="Expires" name="expiresInDays" defaultValue="30" error={fieldErrors.expiresInDays?.[0]}>
          {lifetimes.map((lifetime) => (
            <option key={lifetime.value} value={lifetime.value}>
              {lifetime.label}
            </option>
          ))}
        </SelectField>
      </div>
      <Button type="submit" className="self-start" pending={pending}>
        Create token
      </Button>
    </form>
  );
}

/** The token just created: the only time it is shown. */
function NewToken({ name, secret }: { name: string; secret: string }) {
  return (
    <OneTimeSecret secret={secret} label="New token" copyLabel="Copy token">
      <strong>{name}</strong> is ready. Copy it now: you will not see it again.
    </OneTimeSecret>
  );
}

function TokenList({ tokens }: { tokens: ApiTokenDTO[] }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  if (!tokens.length) return <p className="text-sm text-muted">You have no API tokens.</p>;
  const revoke = async (token: ApiTokenDTO) => {
    setRevoking(token.id);
    const result = await withFailureToast(() => revokeApiTokenAction({ tokenId: token.id }))();
    setRevoking(null);
    setConfirming(null);
    if (result.ok) {
      toast.success(`${token.name} is revoked`);
      router.refresh();
    }
  };
  return (
    <ul aria-label="API tokens" className="flex flex-col gap-2">
      {tokens.map((token) => (
        <li key={token.id} className="flex flex-wrap items-center gap-3 rounded bg-rail p-3">
          <KeyRound className="size-5 shrink-0 text-muted" aria-hidden />
          <div className="min-w-0 flex-1 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <span className="truncate font-medium text-strong">{token.name}</span>
              <span className="rounded bg-raised px-1.5 py-0.5 text-xs font-semibold text-muted">
                {token.scope === "WRITE" ? "Read and write" : "Read only"}
              </span>
              <span className="font-mono text-xs text-faint">…{token.hint}</span>
            </div>
            <div className="text-xs text-muted">
              Created <LocalTime iso={token.createdAt} dateOnly /> ·{" "}
              {token.expiresAt ? (
                <>
                  expires <LocalTime iso={token.expiresAt} dateOnly />
                </>
              ) : (
                "never expires"
              )}{" "}
              ·{" "}
              {token.lastUsedAt ? (
                <>
                  last used <LocalTime iso={token.lastUsedAt} />
                </>
              ) : (
                "never used"
              )}
            </div>
          </div>
          {confirming === token.id ? (
            <div className="flex shrink-0 gap-2">
              <Button variant="ghost" className="px-3 py-1" onClick={() => setConfirming(null)}>
                Cancel
              </Button>
              <Button
                variant="danger"
                className="px-3 py-1"
                pending={revoking === token.id}
                onClick={() => void revoke(token)}
                aria-label={`Confirm revoking ${token.name}`}
              >
                Revoke
              </Button>
            </div>
          ) : (
            <Button
              variant="secondary"
              className="shrink-0 px-3 py-1"
              onClick={() => setConfirming(token.id)}
              aria-label={`Revoke ${token.name}`}
            >
              Revoke
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}

/** How to use a token from a shell, with this site's address (and the new token, while it is shown). */
function CurlExample({ token }: { token?: string }) {
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  return (
    <div className="flex flex-col gap-2">
      <p className="text-xs font-bold uppercase tracking-wide text-muted">Try it</p>
      <pre className="whitespace-pre-wrap break-all rounded bg-rail p-3 text-xs text-text">
        <code>{`curl -H "Authorization: Bearer ${token ?? "$TOKEN"}" ${origin}/api/v1/me`}</code>
      </pre>
    </div>
  );
}
