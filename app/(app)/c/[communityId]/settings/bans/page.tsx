import Link from "next/link";
import { BanList } from "@/components/settings/ban-list";
import { SettingsSection } from "@/components/settings/settings-shell";
import { listBans } from "@/lib/domain/members";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parsePageParams, parseSearchParams } from "@/lib/queries/page-params";
import { idSchema, pageSchema } from "@/lib/schemas/community";

export default async function BansPage({
  params,
  searchParams,
}: {
  params: Promise<{ communityId: string }>;
  searchParams: Promise<{ cursor?: string | string[] }>;
}) {
  const { communityId } = await parsePageParams(params, { communityId: idSchema });
  const { cursor } = await parseSearchParams(searchParams, { cursor: pageSchema.shape.cursor });
  const me = await requirePageUser(`/c/${communityId}/settings/bans`);
  const { bans, nextCursor } = await readOrNotFound(() => listBans({ userId: me.id }, communityId, { cursor }));
  return (
    <SettingsSection title="Bans" description="Banned users cannot rejoin by link, request or invite until unbanned.">
      <BanList communityId={communityId} bans={bans} />
      {nextCursor && (
        <Link className="mt-3 inline-block text-sm text-link hover:underline" href={`?cursor=${nextCursor}`}>
          More
        </Link>
      )}
    </SettingsSection>
  );
}
