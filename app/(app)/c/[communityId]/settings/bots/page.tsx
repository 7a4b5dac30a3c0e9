import { BotList } from "@/components/settings/bot-list";
import { SettingsSection } from "@/components/settings/settings-shell";
import { listCommunityBots, listMyBotsOutside } from "@/lib/domain/bots";
import { getCommunitySettings } from "@/lib/domain/communities";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parsePageParams } from "@/lib/queries/page-params";
import { idSchema } from "@/lib/schemas/community";

export default async function BotsPage({ params }: { params: Promise<{ communityId: string }> }) {
  const { communityId } = await parsePageParams(params, { communityId: idSchema });
  const me = await requirePageUser(`/c/${communityId}/settings/bots`);
  const actor = { userId: me.id };
  const [bots, settings, myOtherBots] = await Promise.all([
    readOrNotFound(() => listCommunityBots(actor, communityId)),
    readOrNotFound(() => getCommunitySettings(actor, communityId)),
    readOrNotFound(() => listMyBotsOutside(actor, communityId)),
  ]);
  return (
    <SettingsSection
      title="Bots"
      description="Bot accounts post and read through the API with their token, as members of this community. They can do what their role allows, never more."
    >
      <BotList
        communityId={communityId}
        bots={bots}
        myOtherBots={myOtherBots}
        myId={me.id}
        isOwner={settings.role === "OWNER"}
      />
    </SettingsSection>
  );
}
