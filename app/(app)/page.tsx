import { redirect } from "next/navigation";
import { NoCommunities } from "@/components/community/no-communities";
import { listMyCommunities } from "@/lib/domain/communities";
import { requirePageUser } from "@/lib/queries/pages";

export default async function HomePage() {
  const me = await requirePageUser("/");
  const [first] = await listMyCommunities({ userId: me.id });
  if (first) redirect(`/c/${first.id}`);
  return <NoCommunities me={me} />;
}
