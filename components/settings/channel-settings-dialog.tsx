"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { X } from "lucide-react";
import { ChannelAvatar } from "@/components/ui/channel-avatar";
import { AttributesEditor } from "@/components/settings/attributes-editor";
import { AvatarUpload } from "@/components/settings/avatar-uploader";
import { Button, Spinner } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { IconButton } from "@/components/ui/icon-button";
import { withFailureToast } from "@/components/ui/toast-failure";
import { useSubmit } from "@/components/ui/use-submit";
import {
  addChannelMembersAction,
  deleteChannelAction,
  getChannelAttributesAction,
  listChannelMembersAction,
  removeChannelMembersAction,
  updateChannelAction,
} from "@/lib/actions/channels";
import type { CategoryDTO, ChannelDTO, ChannelMuteMode, MemberDTO, Role, UserSummary } from "@/lib/dto";
import type { Result } from "@/lib/errors";
import { limits } from "@/lib/limits";

const muteModes: Array<[ChannelMuteMode, string]> = [
  ["NONE", "Anyone can send"],
  ["NORMAL", "Members cannot send (owner and admins can)"],
  ["ALL", "Only the owner can send"],
  ["CUSTOM", "Chosen roles cannot send"],
];
const muteDurations: Array<[string, number | null]> = [
  ["Until lifted", null],
  ["1 hour", 3600],
  ["1 day", 86_400],
  ["1 week", 7 * 86_400],
  ["30 days", 30 * 86_400],
];
export const slowmodeSteps: Array<[string, number]> = [
  ["Off", 0],
  ["5 seconds", 5],
  ["10 seconds", 10],
  ["30 seconds", 30],
  ["1 minute", 60],
  ["5 minutes", 300],
  ["15 minutes", 900],
  ["1 hour", 3600],
  ["6 hours", 21_600],
];

/**
 * Owner and admins: a channel's avatar, name, topic, category, mute mode, slowmode, attributes and
 * private members; delete. `onChanged` hears the saved channel (the sidebar shows it at once).
 */
export function ChannelSettingsDialog({
  channel,
  categories,
  onClose,
  onChanged,
}: {
  channel: ChannelDTO;
  categories: CategoryDTO[];
  onClose: () => void;
  onChanged?: (channel: ChannelDTO) => void;
}) {
  const router = useRouter();
  const [muteMode, setMuteMode] = useState<ChannelMuteMode>(channel.muteMode);
  const [mutedRoles, setMutedRoles] = useState<Role[]>(channel.mutedRoles);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const { pending, error, fieldErrors, submit } = useSubmit();
  const formId = `channel-settings-${channel.id}`;

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const duration = String(form.get("muteDuration") ?? "");
    return submit(
      withFailureToast(() =>
        updateChannelAction({
          channelId: channel.id,
          name: String(form.get("name") ?? ""),
          topic: String(form.get("topic") ?? ""),
          categoryId: String(form.get("categoryId") ?? "") || null,
          muteMode,
          mutedRoles,
          ...(muteMode !== channel.muteMode || duration !== "keep"
            ? { muteDurationSeconds: duration === "keep" || duration === "" ? null : Number(duration) }
            : {}),
          slowmodeSeconds: Number(form.get("slowmodeSeconds") ?? 0),
        }),
      ),
      (saved) => {
        onChanged?.(saved);
        toast.success("Channel saved");
        router.refresh();
        onClose();
      },
    );
  }

  const remove = () =>
    submit(
      withFailureToast(() => deleteChannelAction(channel.id)),
      () => {
        toast.success(`Deleted #${channel.name}`);
        onClose();
        router.replace(`/c/${channel.communityId}`);
        router.refresh();
      },
    );

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`#${channel.name}`}
      description={channel.kind === "PRIVATE" ? "Private channel" : "Channel settings"}
    >
      {confirmDelete ? (
        <div className="flex flex-col gap-3">
          <FormError message={error} />
          <p className="text-sm text-text">
            Delete #{channel.name} and all its messages for everyone? This cannot be undone.
          </p>
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={() => setConfirmDelete(false)}>
              Cancel
            </Button>
            <Button variant="danger" pending={pending} onClick={remove}>
              Delete channel
            </Button>
          </div>
        </div>
      ) : (
        <div className="flex flex-col gap-4">
          <div className="-mr-2 flex max-h-[calc(100dvh-15rem)] flex-col gap-5 overflow-y-auto pb-1 pr-2">
            <AvatarUpload<ChannelDTO>
              uploadUrl={`/api/channels/${channel.id}/avatar`}
              preview={<ChannelAvatar channel={channel} className="size-20" />}
              editable
              onUploaded={(updated) => {
                onChanged?.(updated);
                router.refresh();
              }}
            />
            <form id={formId} onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
              <FormError message={error} />
              <TextField
                label="Channel name"
                name="name"
                defaultValue={channel.name}
                maxLength={limits.channelNameLength + 20}
                error={fieldErrors.name?.[0]}
              />
              <TextField
                label="Topic"
                name="topic"
                defaultValue={channel.topic}
                maxLength={limits.channelTopicLength + 20}
                error={fieldErrors.topic?.[0]}
              />
              {categories.length > 0 && (
                <Select label="Category" name="categoryId" defaultValue={channel.categoryId ?? ""}>
                  <option value="">No category</option>
                  {categories.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </Select>
              )}
              <Select
                label="Who can send"
                name="muteMode"
                value={muteMode}
                onChange={(e) => setMuteMode(e.target.value as ChannelMuteMode)}
              >
                {muteModes.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </Select>
              {muteMode === "CUSTOM" && (
                <fieldset className="flex gap-4 text-sm text-text">
                  <legend className="sr-only">Roles that cannot send</legend>
                  {(["ADMIN", "MEMBER"] as const).map((role) => (
                    <label key={role} className="flex items-center gap-2">
                      <input
                        type="checkbox"
                        className="accent-[#5865f2]"
                        checked={mutedRoles.includes(role)}
                        onChange={(e) =>
                          setMutedRoles(e.target.checked ? [...mutedRoles, role] : mutedRoles.filter((r) => r !== role))
                        }
                      />
                      {role === "ADMIN" ? "Admins" : "Members"} cannot send
                    </label>
                  ))}
                </fieldset>
              )}
              {muteMode !== "NONE" && (
                <Select label="For" name="muteDuration" defaultValue={channel.muteMode !== "NONE" ? "keep" : ""}>
                  {channel.muteMode !== "NONE" && (
                    <option value="keep">
                      {channel.muteUntil ? `Until ${new Date(channel.muteUntil).toLocaleString()}` : "Until lifted"}{" "}
                      (unchanged)
                    </option>
                  )}
                  {muteDurations.map(([label, seconds]) => (
                    <option key={label} value={seconds ?? ""}>
                      {label}
                    </option>
                  ))}
                </Select>
              )}
              <Select
                label="Slowmode (owner and admins are exempt)"
                name="slowmodeSeconds"
                defaultValue={String(channel.slowmodeSeconds)}
              >
                {slowmodeSteps.map(([label, seconds]) => (
                  <option key={seconds} value={seconds}>
                    {label}
                  </option>
                ))}
              </Select>
            </form>
            <ChannelAttributes channelId={channel.id} />
            {channel.kind === "PRIVATE" && <PrivateMembers channel={channel} />}
          </div>
          <div className="flex items-center justify-between gap-2 border-t border-line pt-4">
            {channel.kind !== "GENERAL" ? (
              <Button type="button" variant="ghost" className="!text-danger" onClick={() => setConfirmDelete(true)}>
                Delete channel
              </Button>
            ) : (
              <span />
            )}
            <Button type="submit" form={formId} pending={pending}>
              Save
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

function Select({ label, children, ...props }: React.SelectHTMLAttributes<HTMLSelectElement> & { label: string }) {
  return (
    <label className="flex flex-col gap-2 text-xs font-bold uppercase tracking-wide text-muted">
      {label}
      <select {...props} className="rounded bg-rail px-2 py-2 text-sm font-normal normal-case text-text">
        {children}
      </select>
    </label>
  );
}

/** The channel's key/value attributes, loaded when the dialog opens; the community settings' editor. */
function ChannelAttributes({ channelId }: { channelId: string }) {
  const [attributes, setAttributes] = useState<Record<string, string> | null>(null);
  const { error, submit } = useSubmit();
  useEffect(() => {
    submit(
      withFailureToast(() => getChannelAttributesAction(channelId)),
      setAttributes,
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [channelId]);
  return (
    <section aria-labelledby={`attributes-${channelId}`} className="flex flex-col gap-2">
      <h3 id={`attributes-${channelId}`} className="text-xs font-bold uppercase tracking-wide text-muted">
        Attributes
      </h3>
      <p className="-mt-1 text-xs text-faint">
        Up to {limits.attributesPerChannel} key/value pairs (key ≤ {limits.attributeKeyLength} characters, value ≤
        1,024) for integrations and bots.
      </p>
      <FormError message={error} />
      {attributes ? (
        <AttributesEditor key={channelId} channelId={channelId} initial={attributes} editable />
      ) : (
        !error && <Spinner className="text-muted" />
      )}
    </section>
  );
}

/** The private channel's members: remove them, or add community members found by name. */
function PrivateMembers({ channel }: { channel: ChannelDTO }) {
  const [members, setMembers] = useState<UserSummary[]>([]);
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<MemberDTO[]>([]);
  const { error, submit } = useSubmit();

  const reload = () =>
    submit(
      withFailureToast(() => listChannelMembersAction(channel.id)),
      setMembers,
    );
  useEffect(() => {
    reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [channel.id]);
  useEffect(() => {
    if (!query.trim()) return setFound([]);
    const timer = setTimeout(async () => {
      const response = await fetch(
        `/api/communities/${channel.communityId}/members?limit=8&query=${encodeURIComponent(query.trim())}`,
      );
      const result = (await response.json()) as Result<{ members: MemberDTO[] }>;
      if (result.ok) setFound(result.data.members.filter((m) => m.role === "MEMBER"));
    }, 200);
    return () => clearTimeout(timer);
  }, [query, channel.communityId]);

  return (
    <div className="flex flex-col gap-2">
      <span className="text-xs font-bold uppercase tracking-wide text-muted">Members of this private channel</span>
      <FormError message={error} />
      <ul className="flex flex-col gap-1">
        {members.length === 0 && <li className="text-sm text-muted">Only the owner and admins so far.</li>}
        {members.map((user) => (
          <li key={user.id} className="flex items-center justify-between rounded bg-rail px-3 py-1.5 text-sm">
            {user.displayName}
            <IconButton
              label={`Remove ${user.displayName} from the channel`}
              onClick={() =>
                submit(
                  withFailureToast(() => removeChannelMembersAction({ channelId: channel.id, userIds: [user.id] })),
                  reload,
                )
              }
            >
              <X className="size-4" />
            </IconButton>
          </li>
        ))}
      </ul>
      <input
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder="Add a member by name"
        aria-label="Add a member by name"
        className="rounded bg-rail px-3 py-2 text-sm text-text outline-none focus:ring-2 focus:ring-accent"
      />
      {found.length > 0 && (
        <ul className="flex flex-col gap-1">
          {found
            .filter((m) => !members.some((u) => u.id === m.id))
            .map((member) => (
              <li key={member.id}>
                <button
                  type="button"
                  className="w-full rounded px-3 py-1.5 text-left text-sm text-text hover:bg-hover"
                  onClick={() =>
                    submit(
                      withFailureToast(() => addChannelMembersAction({ channelId: channel.id, userIds: [member.id] })),
                      () => {
                        setQuery("");
                        reload();
                      },
                    )
                  }
                >
                  Add {member.displayName}
                </button>
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}
