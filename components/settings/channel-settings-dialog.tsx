"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { X } from "lucide-react";
import { ChannelAvatar } from "@/components/ui/channel-avatar";
import {
  AttributeRows,
  announceAttributesSaved,
  useAttributesDraft,
  type AttributesSaved,
} from "@/components/settings/attributes-editor";
import { AvatarUpload } from "@/components/settings/avatar-uploader";
import { WebhookList } from "@/components/settings/webhook-list";
import { Button, Spinner } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { CheckboxField, FormError, SelectField, TextField } from "@/components/ui/field";
import { IconButton } from "@/components/ui/icon-button";
import { withFailureToast } from "@/components/ui/toast-failure";
import { useSubmit } from "@/components/ui/use-submit";
import {
  addChannelMembersAction,
  deleteChannelAction,
  getChannelAttributesAction,
  listChannelMembersAction,
  removeChannelMembersAction,
  setChannelAttributesAction,
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

/** Whether two role lists hold the same roles, in any order. */
const sameRoles = (a: Role[], b: Role[]) => a.length === b.length && a.every((role) => b.includes(role));
/** The mute duration choice that changes nothing: keep the current mute's end, or none when unmuted. */
const keptDuration = (channel: ChannelDTO) => (channel.muteMode !== "NONE" ? "keep" : "");

/**
 * Owner and admins: a channel's avatar, name, topic, category, mute mode, slowmode, attributes and
 * private members; delete. One form and one Save for the settings and the attributes (disabled
 * until something changed); the avatar and the private members apply at once. `onChanged` hears
 * the saved channel (the sidebar shows it at once).
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
  const [name, setName] = useState(channel.name);
  const [topic, setTopic] = useState(channel.topic);
  const [categoryId, setCategoryId] = useState(channel.categoryId ?? "");
  const [muteMode, setMuteMode] = useState<ChannelMuteMode>(channel.muteMode);
  const [mutedRoles, setMutedRoles] = useState<Role[]>(channel.mutedRoles);
  const [muteDuration, setMuteDuration] = useState(keptDuration(channel));
  const [slowmode, setSlowmode] = useState(String(channel.slowmodeSeconds));
  const attributes = useAttributesDraft();
  const [attributesLoaded, setAttributesLoaded] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const { pending, error, fieldErrors, submit } = useSubmit();
  const load = useSubmit();
  const formId = `channel-settings-${channel.id}`;

  useEffect(() => {
    load.submit(
      withFailureToast(() => getChannelAttributesAction(channel.id)),
      (loaded) => {
        attributes.reset({ attributes: loaded, failures: [] });
        setAttributesLoaded(true);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [channel.id]);

  // a duration is only chosen while some mute mode is on
  const duration = muteMode === "NONE" ? "" : muteDuration;
  const channelChanged =
    name !== channel.name ||
    topic !== channel.topic ||
    categoryId !== (channel.categoryId ?? "") ||
    muteMode !== channel.muteMode ||
    (muteMode === "CUSTOM" && !sameRoles(mutedRoles, channel.mutedRoles)) ||
    duration !== keptDuration(channel) ||
    slowmode !== String(channel.slowmodeSeconds);
  const changed = channelChanged || attributes.dirty;

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!changed || pending) return;
    return submit(
      withFailureToast(async (): Promise<Result<AttributesSaved | null>> => {
        if (channelChanged) {
          const saved = await updateChannelAction({
            channelId: channel.id,
            name,
            topic,
            categoryId: categoryId || null,
            muteMode,
            mutedRoles,
            ...(muteMode !== channel.muteMode || duration !== "keep"
              ? { muteDurationSeconds: duration === "keep" || duration === "" ? null : Number(duration) }
              : {}),
            slowmodeSeconds: Number(slowmode),
          });
          if (!saved.ok) return saved;
          onChanged?.(saved.data);
          // the form now starts from what was saved (as the server wrote it: names are trimmed)
          setName(saved.data.name);
          setTopic(saved.data.topic);
          setMutedRoles(saved.data.mutedRoles);
          setMuteDuration(keptDuration(saved.data));
        }
        if (!attributes.dirty) return { ok: true, data: null };
        return setChannelAttributesAction({ channelId: channel.id, ...attributes.changes });
      }),
      (savedAttributes) => {
        router.refresh();
        if (savedAttributes) attributes.reset(savedAttributes);
        // keys the server refused stay on screen, with the dialog, to be corrected
        if (savedAttributes?.failures.length) return announceAttributesSaved(savedAttributes);
        toast.success("Channel saved");
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
          <div className="-mr-2 flex max-h-[calc(100dvh-15rem)] flex-col gap-5 overflow-y-auto pb-1 pl-0.5 pr-2 pt-0.5">
            <AvatarUpload<ChannelDTO>
              uploadUrl={`/api/channels/${channel.id}/avatar`}
              preview={<ChannelAvatar channel={channel} className="size-20 shrink-0" />}
              editable
              onUploaded={(updated) => {
                onChanged?.(updated);
                router.refresh();
              }}
            />
            <form
              id={formId}
              onSubmit={onSubmit}
              className="flex flex-col gap-4"
              noValidate
              aria-label={`Settings of #${channel.name}`}
            >
              <FormError message={error} />
              <TextField
                label="Channel name"
                name="name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                maxLength={limits.channelNameLength + 20}
                error={fieldErrors.name?.[0]}
              />
              <TextField
                label="Topic"
                name="topic"
                value={topic}
                onChange={(e) => setTopic(e.target.value)}
                maxLength={limits.channelTopicLength + 20}
                error={fieldErrors.topic?.[0]}
              />
              {categories.length > 0 && (
                <SelectField
                  label="Category"
                  name="categoryId"
                  id={`${formId}-category`}
                  value={categoryId}
                  onChange={(e) => setCategoryId(e.target.value)}
                  error={fieldErrors.categoryId?.[0]}
                >
                  <option value="">No category</option>
                  {categories.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </SelectField>
              )}
              <SelectField
                label="Who can send"
                name="muteMode"
                id={`${formId}-mute-mode`}
                value={muteMode}
                onChange={(e) => setMuteMode(e.target.value as ChannelMuteMode)}
                error={fieldErrors.muteMode?.[0] ?? fieldErrors.mutedRoles?.[0]}
              >
                {muteModes.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </SelectField>
              {muteMode === "CUSTOM" && (
                <fieldset className="-mt-2 flex flex-wrap gap-x-4">
                  <legend className="sr-only">Roles that cannot send</legend>
                  {(["ADMIN", "MEMBER"] as const).map((role) => (
                    <CheckboxField
                      key={role}
                      checked={mutedRoles.includes(role)}
                      onChange={(e) =>
                        setMutedRoles(e.target.checked ? [...mutedRoles, role] : mutedRoles.filter((r) => r !== role))
                      }
                    >
                      {role === "ADMIN" ? "Admins" : "Members"} cannot send
                    </CheckboxField>
                  ))}
                </fieldset>
              )}
              {muteMode !== "NONE" && (
                <SelectField
                  label="For"
                  name="muteDuration"
                  id={`${formId}-mute-duration`}
                  value={muteDuration}
                  onChange={(e) => setMuteDuration(e.target.value)}
                  error={fieldErrors.muteDurationSeconds?.[0]}
                >
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
                </SelectField>
              )}
              <SelectField
                label="Slowmode (owner and admins are exempt)"
                name="slowmodeSeconds"
                id={`${formId}-slowmode`}
                value={slowmode}
                onChange={(e) => setSlowmode(e.target.value)}
                error={fieldErrors.slowmodeSeconds?.[0]}
              >
                {slowmodeSteps.map(([label, seconds]) => (
                  <option key={seconds} value={seconds}>
                    {label}
                  </option>
                ))}
              </SelectField>
              <fieldset className="flex flex-col gap-2">
                <legend className="mb-2 text-xs font-bold uppercase tracking-wide text-muted">Attributes</legend>
                <p className="-mt-1 text-xs text-faint">
                  Up to {limits.attributesPerChannel} key/value pairs (key ≤ {limits.attributeKeyLength} characters,
                  value ≤ 1,024) for integrations and bots.
                </p>
                <FormError message={load.error} />
                {attributesLoaded ? (
                  <AttributeRows draft={attributes} editable max={limits.attributesPerChannel} />
                ) : (
                  !load.error && <Spinner className="text-muted" />
                )}
              </fieldset>
            </form>
            {channel.kind === "PRIVATE" && <PrivateMembers channel={channel} />}
            <WebhookList channel={channel} />
          </div>
          <div className="flex flex-wrap items-center justify-end gap-2 border-t border-line pt-4">
            {channel.kind !== "GENERAL" && (
              <Button
                type="button"
                variant="ghost"
                className="mr-auto !text-danger"
                onClick={() => setConfirmDelete(true)}
              >
                Delete channel
              </Button>
            )}
            <Button type="button" variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" form={formId} pending={pending} disabled={!changed}>
              Save
            </Button>
          </div>
        </div>
      )}
    </Dialog>
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
    <section aria-labelledby={`members-${channel.id}`} className="flex flex-col gap-2 border-t border-line pt-4">
      <h3 id={`members-${channel.id}`} className="text-xs font-bold uppercase tracking-wide text-muted">
        Members of this private channel
      </h3>
      <p className="-mt-1 text-xs text-faint">Adding and removing members applies at once.</p>
      <FormError message={error} />
      <ul className="flex flex-col gap-1">
        {members.length === 0 && <li className="text-sm text-muted">Only the owner and admins so far.</li>}
        {members.map((user) => (
          <li key={user.id} className="flex items-center justify-between gap-2 rounded bg-rail py-1 pl-3 pr-1 text-sm">
            <span className="min-w-0 break-words">{user.displayName}</span>
            <IconButton
              className="shrink-0"
              label={`Remove ${user.displayName} from the channel`}
              onClick={() =>
                submit(
                  withFailureToast(() => removeChannelMembersAction({ channelId: channel.id, userIds: [user.id] })),
                  reload,
                )
              }
            >
              <X className="size-4" aria-hidden />
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
                  className="min-h-9 w-full rounded px-3 py-1.5 text-left text-sm text-text hover:bg-hover focus-visible:outline-2 focus-visible:outline-accent"
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
    </section>
  );
}
