import { UserDirectory } from "@/components/admin/user-directory";
import { listUsersForAdmin } from "@/lib/domain/admin-users";
import { readOrNotFound, requirePageUser } from "@/lib/queries/pages";
import { parseSearchParams } from "@/lib/queries/page-params";
import { adminUserListSchema } from "@/lib/schemas/account";

type Props = { searchParams: Promise<{ q?: string | string[] }> };

/** Every account of the installation, searchable, newest first. */
export default async function AdminUsersPage({ searchParams }: Props) {
  const me = await requirePageUser("/admin/users");
  const { q: query } = await parseSearchParams(searchParams, { q: adminUserListSchema.shape.query });
  const first = await readOrNotFound(() => listUsersForAdmin({ userId: me.id }, { query }));
  return <UserDirectory key={query} query={query} first={first} myId={me.id} />;
}
