"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Avatar } from "@/components/ui/avatar";
import { BotBadge } from "@/components/ui/bot-badge";
import { Button } from "@/components/ui/button";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { withFailureToast } from "@/components/ui/toast-failure";
import { useSubmit } from "@/components/ui/use-submit";
import { postAvatar } from "./avatar-uploader";
import { OneTimeSecret } from "./one-time-secret";
import {
  addBotToCommunityAction,
  createBotAction,
  deleteBotAction,
  regenerateBotTokenAction,
  revokeBotTokenAction,
} from "@/lib/actions/bots";
import type { BotDTO } from "@/lib/dto";

/** The community's bots: add one (its token shown once), new tokens, avatars and deletion by their creator. */
export function BotList({
  communityId,
  bots,
  myOtherBots,
  myId,
  isOwner,
}: {
  communityId: string;
  bots: BotDTO[];
  /** bots the viewer made that are not in this community yet */
  myOtherBots: Array<{ id: string; displayName: string }>;
  myId: string;
  isOwner: boolean;
}) {
  const [secret, setSecret] = useState<{ botName: string; token: string } | null>(null);
  return (
    <div className="flex flex-col gap-6">
      <NewBotForm communityId={communityId} isOwner={isOwner} onToken={setSecret} />
      {myOtherBots.length > 0 && <AddMyBotForm communityId={communityId} isOwner={isOwner} bots={myOtherBots} />}
      {secret && <OneTimeToken {...secret} />}
      {bots.length === 0 ? (
        <p className="text-sm text-muted">This community has no bots yet.</p>
      ) : (
        <ul aria-label="Bots" className="flex flex-col gap-2">
          {bots.map((bot) => (
            <BotRow key={bot.id} bot={bot} mine={bot.owner?.id === myId} onToken={setSecret} />
          ))}
        </ul>
      )}
    </div>
  );
}

function NewBotForm({
  communityId,
  isOwner,
  onToken,
}: {
  communityId: string;
  isOwner: boolean;
  onToken: (secret: { botName: string; token: string }) => void;
}) {
  const router = useRouter();
  const { pending, error, fieldErrors, submit } = useSubmit();
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    return submit(
      () =>
        createBotAction({
          communityId,
          name: String(data.get("name") ?? ""),
          role: data.get("role") === "ADMIN" ? "ADMIN" : "MEMBER",
        }),
      ({ bot, token }) => {
        onToken({ botName: bot.displayName, token });
        form.reset();
        router.refresh();
      },
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="New bot">
      <FormError message={error} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Bot name" name="name" maxLength={64} placeholder="Deploy Bot" error={fieldErrors.name?.[0]} />
        <SelectField label="Role" name="role" defaultValue="MEMBER" error={fieldErrors.role?.[0]}>
          <option value="MEMBER">Member</option>
          {isOwner && <option value="ADMIN">Admin</option>}
        </SelectField>
      </div>
      <Button type="submit" className="self-start" pending={pending}>
        Add bot
      </Button>
    </form>
  );
}

/** One of the viewer's bots from another community, added here with a role. */
function AddMyBotForm({
  communityId,
  isOwner,
  bots,
}: {
  communityId: string;
  isOwner: boolean;
  bots: Array<{ id: string; displayName: string }>;
}) {
  const router = useRouter();
  const { pending, error, fieldErrors, submit } = useSubmit();
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    return submit(
      () =>
        addBotToCommunityAction({
          communityId,
          botId: String(data.get("botId") ?? ""),
          role: data.get("role") === "ADMIN" ? "ADMIN" : "MEMBER",
        }),
      (bot) => {
        toast.success(`${bot.displayName} joined this community`);
        router.refresh();
      },
    );
  }
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-4 border-t border-line pt-4"
      aria-label="Add a bot you made"
    >
      <FormError message={error} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Your bot" name="botId" defaultValue={bots[0].id} error={fieldErrors.botId?.[0]}>
          {bots.map((bot) => (
            <option key={bot.id} value={bot.id}>
              {bot.displayName}
            </option>
          ))}
        </SelectField>
        <SelectField label="Role here" name="role" defaultValue="MEMBER" error={fieldErrors.role?.[0]}>
          <option value="MEMBER">Member</option>
          {isOwner && <option value="ADMIN">Admin</option>}
        </SelectField>
      </div>
      <Button type="submit" variant="secondary" className="self-start" pending={pending}>
        Add to this community
      </Button>
    </form>
  );
}

/** A bot's token, the only time it is shown. */
function OneTimeToken({ botName, token }: { botName: string; token: string }) {
  return (
    <OneTimeSecret secret={token} label="Bot token" copyLabel="Copy bot token">
      The token of <strong>{botName}</strong>. Copy it now: you will not see it again.
    </OneTimeSecret>
  );
}

function BotRow({
  bot,
  mine,
  onToken,
}: {
  bot: BotDTO;
  mine: boolean;
  onToken: (secret: { botName: string; token: string }) => void;
}) {
  const router = useRouter();
  const [pending, setPending] = useState<"token" | "revoke" | "delete" | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const newToken = async () => {
    setPending("token");
    const result = await withFailureToast(() => regenerateBotTokenAction({ botId: bot.id }))();
    setPending(null);
    if (result.ok) {
      onToken({ botName: bot.displayName, token: result.data.token });
      router.refresh();
    }
  };
  const revoke = async () => {
    setPending("revoke");
    const result = await withFailureToast(() => revokeBotTokenAction({ botId: bot.id }))();
    setPending(null);
    if (result.ok) {
      toast.success(`${bot.displayName}'s token is revoked`);
      router.refresh();
    }
  };
  const remove = async () => {
    setPending("delete");
    const result = await withFailureToast(() => deleteBotAction({ botId: bot.id }))();
    setPending(null);
    if (result.ok) {
      toast.success(`${bot.displayName} is deleted`);
      router.refresh();
    }
  };
  return (
    <li className="flex flex-col gap-3 rounded bg-rail p-3">
      <div className="flex flex-wrap items-center gap-3">
        <Avatar name={bot.displayName} seed={bot.id} src={bot.avatarUrl} size={40} />
        <div className="min-w-0 flex-1 text-sm">
          <div className="flex flex-wrap items-center gap-2">
            <span className="truncate font-medium text-strong">{bot.displayName}</span>
            <BotBadge />
            <span className="text-xs text-muted">{bot.role === "ADMIN" ? "Admin" : "Member"}</span>
          </div>
          <div className="text-xs text-muted">
            @{bot.username} · added by {bot.owner ? bot.owner.displayName : "a deleted account"} ·{" "}
            {bot.token ? (
              <>
                token …{bot.token.hint},{" "}
                {bot.token.lastUsedAt ? (
                  <>
                    last used <LocalTime iso={bot.token.lastUsedAt} />
                  </>
                ) : (
                  "never used"
                )}
              </>
            ) : (
              "no token"
            )}
          </div>
        </div>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          className="px-3 py-1"
          pending={pending === "token"}
          onClick={() => void newToken()}
          aria-label={`New token for ${bot.displayName}`}
        >
          New token
        </Button>
        {bot.token && (
          <Button
            variant="ghost"
            className="px-3 py-1"
            pending={pending === "revoke"}
            onClick={() => void revoke()}
            aria-label={`Revoke the token of ${bot.displayName}`}
          >
            Revoke token
          </Button>
        )}
        {mine && <BotAvatarButton botId={bot.id} name={bot.displayName} />}
        {mine &&
          (confirmDelete ? (
            <>
              <Button variant="ghost" className="px-3 py-1" onClick={() => setConfirmDelete(false)}>
                Cancel
              </Button>
              <Button
                variant="danger"
                className="px-3 py-1"
                pending={pending === "delete"}
                onClick={() => void remove()}
                aria-label={`Confirm deleting ${bot.displayName}`}
              >
                Delete
              </Button>
            </>
          ) : (
            <Button
              variant="ghost"
              className="px-3 py-1 text-danger"
              onClick={() => setConfirmDelete(true)}
              aria-label={`Delete ${bot.displayName}`}
            >
              Delete bot
            </Button>
          ))}
      </div>
    </li>
  );
}

/** The creator's avatar upload for their bot (the same upload as every avatar). */
function BotAvatarButton({ botId, name }: { botId: string; name: string }) {
  const router = useRouter();
  const { pending, submit } = useSubmit();
  return (
    <label className="inline-flex">
      <span className="sr-only">Avatar of {name}</span>
      <input
        type="file"
        accept="image/png,image/jpeg,image/webp,image/gif,image/avif"
        className="sr-only"
        disabled={pending}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = "";
          if (!file) return;
          void submit(
            withFailureToast(() => postAvatar(`/api/bots/${botId}/avatar`, file)),
            () => {
              toast.success("Avatar updated");
              router.refresh();
            },
          );
        }}
      />
      <span
        aria-hidden
        className="inline-flex cursor-pointer items-center rounded-[4px] bg-raised px-3 py-1 text-sm font-medium text-text hover:bg-line"
      >
        {pending ? "Uploading…" : "Change avatar"}
      </span>
    </label>
  );
}
