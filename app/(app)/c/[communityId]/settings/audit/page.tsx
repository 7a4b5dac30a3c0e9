import Link from "next/link";
import { SettingsSection } from "@/components/settings/settings-shell";
import { LocalTime } from "@/components/ui/local-time";
import { listAuditLog, type AuditAction } from "@/lib/domain/audit";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parsePageParams, parseSearchParams } from "@/lib/queries/page-params";
import { idSchema, pageSchema } from "@/lib/schemas/community";

const describe: Record<AuditAction, string> = {
  "community.update": "changed the community settings",
  "community.attributes": "changed the attributes",
  "member.role": "changed the role of",
  "member.transfer": "transferred ownership to",
  "member.kick": "kicked",
  "member.ban": "banned",
  "member.unban": "unbanned",
  "member.mute": "muted",
  "member.unmute": "unmuted",
  "member.invite": "added",
  "invitation.create": "invited",
  "invite.create": "created an invite link",
  "invite.revoke": "revoked an invite link",
  "request.accept": "accepted the join request of",
  "request.reject": "rejected the join request of",
  "bot.create": "added the bot",
  "bot.token": "made a new token for the bot",
  "bot.revoke": "revoked the token of the bot",
  "webhook.create": "created the webhook",
  "webhook.delete": "deleted the webhook",
};

export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ communityId: string }>;
  searchParams: Promise<{ cursor?: string | string[] }>;
}) {
  const { communityId } = await parsePageParams(params, { communityId: idSchema });
  const { cursor } = await parseSearchParams(searchParams, { cursor: pageSchema.shape.cursor });
  const me = await requirePageUser(`/c/${communityId}/settings/audit`);
  const { entries, nextCursor } = await readOrNotFound(() =>
    listAuditLog({ userId: me.id }, communityId, { cursor, limit: 50 }),
  );
  return (
    <SettingsSection title="Audit log" description="Who did what to whom, and why. Newest first.">
      {entries.length === 0 ? (
        <p className="text-sm text-muted">Nothing recorded yet.</p>
      ) : (
        <ol className="flex flex-col gap-1">
          {entries.map((entry) => (
            <li key={entry.id} data-testid="audit-entry" className="break-words rounded bg-rail px-3 py-2 text-sm">
              <span className="font-medium text-strong">{entry.actor.displayName}</span>{" "}
              {describe[entry.action] ?? entry.action}
              {entry.target && <span className="font-medium text-strong"> {entry.target.displayName}</span>}
              {entry.reason && <span className="text-muted"> · “{entry.reason}”</span>}
              <LocalTime iso={entry.createdAt} className="block text-xs text-faint" />
            </li>
          ))}
        </ol>
      )}
      {nextCursor && (
        <Link className="mt-3 inline-block text-sm text-link hover:underline" href={`?cursor=${nextCursor}`}>
          Older entries
        </Link>
      )}
    </SettingsSection>
  );
}
