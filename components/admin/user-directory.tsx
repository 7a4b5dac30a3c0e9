"use client";

import { clsx } from "clsx";
import { useState } from "react";
import { toast } from "sonner";
import { Copy } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { LocalTime } from "@/components/ui/local-time";
import { withFailureToast } from "@/components/ui/toast-failure";
import { CellLabel, cardTable } from "@/components/settings/card-table";
import { SettingsSection } from "@/components/settings/settings-shell";
import { DirectorySearch } from "./directory-search";
import { createPasswordResetAction, listUsersAction, setUserDisabledAction } from "@/lib/actions/admin";
import type { AdminUserDTO } from "@/lib/dto";

const t = cardTable("2xl");

type ResetLink = { url: string; username: string; expiresAt: string };

/** Every account: searchable, newest first, more on demand; reset links and disabling per user. */
export function UserDirectory({
  query,
  first,
  myId,
}: {
  query: string;
  first: { users: AdminUserDTO[]; nextCursor: string | null };
  myId: string;
}) {
  const [users, setUsers] = useState(first.users);
  const [cursor, setCursor] = useState(first.nextCursor);
  const [loading, setLoading] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [link, setLink] = useState<ResetLink | null>(null);

  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    const result = await withFailureToast(() => listUsersAction({ query, cursor }))();
    setLoading(false);
    if (!result.ok) return;
    setUsers((current) => [...current, ...result.data.users]);
    setCursor(result.data.nextCursor);
  };

  const makeLink = async (user: AdminUserDTO) => {
    setBusy(`reset:${user.id}`);
    const result = await withFailureToast(() => createPasswordResetAction({ userId: user.id }))();
    setBusy(null);
    if (result.ok)
      setLink({
        url: new URL(result.data.path, window.location.origin).toString(),
        username: result.data.username,
        expiresAt: result.data.expiresAt,
      });
  };

  const toggleDisabled = async (user: AdminUserDTO) => {
    setBusy(`disable:${user.id}`);
    const disabled = !user.disabledAt;
    const result = await withFailureToast(() => setUserDisabledAction({ userId: user.id, disabled }))();
    setBusy(null);
    if (!result.ok) return;
    toast.success(disabled ? `@${user.username} is disabled and signed out` : `@${user.username} can sign in again`);
    setUsers((current) =>
      current.map((row) =>
        row.id === user.id ? { ...row, disabledAt: disabled ? new Date().toISOString() : null } : row,
      ),
    );
  };

  return (
    <SettingsSection
      wide
      title="Users"
      description="Every account. Without a mail server, a forgotten password is reset with a one-time link you make here."
    >
      <DirectorySearch
        path="/admin/users"
        query={query}
        label="Search users by name"
        placeholder="Search by username or display name"
        maxLength={64}
      />
      {users.length === 0 ? (
        <p className="rounded-md bg-sidebar p-6 text-center text-sm text-muted">
          {query ? `Nobody is called anything like “${query}”.` : "No users yet."}
        </p>
      ) : (
        <div className="rounded-md @2xl:bg-sidebar">
          <table className={t.table} aria-label="Users">
            <thead className={t.thead}>
              <tr>
                <th scope="col" className={t.th}>
                  User
                </th>
                <th scope="col" className={t.thNumeric}>
                  Communities
                </th>
                <th scope="col" className={t.th}>
                  Created
                </th>
                <th scope="col" className={t.th}>
                  Last seen
                </th>
                <th scope="col" className={t.th}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className={t.tbody}>
              {users.map((user) => (
                <tr key={user.id} className={t.tr}>
                  <th scope="row" className={clsx(t.title, "@2xl:max-w-64")}>
                    <span className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
                      <span className="min-w-0 break-words font-medium text-strong">{user.displayName}</span>
                      <span className="min-w-0 break-all text-sm font-normal text-muted">@{user.username}</span>
                      {user.isAppAdmin && (
                        <span className="rounded bg-accent/20 px-1.5 py-0.5 text-xs font-semibold text-accent-text">
                          Admin
                        </span>
                      )}
                      {user.disabledAt && (
                        <span className="rounded bg-danger/20 px-1.5 py-0.5 text-xs font-semibold text-danger">
                          Disabled
                        </span>
                      )}
                    </span>
                  </th>
                  <td className={t.tdNumeric}>
                    <CellLabel fold="2xl">Communities</CellLabel>
                    {user.communityCount.toLocaleString("en-US")}
                  </td>
                  <td className={clsx(t.td, "whitespace-nowrap text-muted")}>
                    <CellLabel fold="2xl">Created</CellLabel>
                    <LocalTime iso={user.createdAt} dateOnly />
                  </td>
                  <td className={clsx(t.td, "whitespace-nowrap text-muted")}>
                    <CellLabel fold="2xl">Last seen</CellLabel>
                    {user.lastSeenAt ? <LocalTime iso={user.lastSeenAt} /> : "Never"}
                  </td>
                  <td className={t.td}>
                    <span className="flex flex-wrap gap-2">
                      <Button
                        variant="secondary"
                        className="px-3 py-1"
                        pending={busy === `reset:${user.id}`}
                        onClick={() => void makeLink(user)}
                        aria-label={`Reset link for @${user.username}`}
                      >
                        Reset link
                      </Button>
                      {user.id !== myId && (
                        <Button
                          variant={user.disabledAt ? "secondary" : "danger"}
                          className="px-3 py-1"
                          pending={busy === `disable:${user.id}`}
                          onClick={() => void toggleDisabled(user)}
                          aria-label={`${user.disabledAt ? "Enable" : "Disable"} @${user.username}`}
                        >
                          {user.disabledAt ? "Enable" : "Disable"}
                        </Button>
                      )}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <Button variant="ghost" className="mt-3" pending={loading} onClick={() => void more()}>
          Load more
        </Button>
      )}
      <Dialog
        open={link !== null}
        onOpenChange={(open) => !open && setLink(null)}
        title={link ? `Reset link for @${link.username}` : "Reset link"}
        description="Send it to them privately. It works once, and earlier links stop working."
      >
        {link && (
          <div className="flex flex-col gap-3">
            <input
              readOnly
              aria-label="Reset link"
              value={link.url}
              onFocus={(event) => event.currentTarget.select()}
              className="w-full rounded-[4px] bg-rail px-3 py-2 font-mono text-sm text-text outline-none focus:ring-2 focus:ring-accent"
            />
            <p className="text-xs text-muted">
              Expires <LocalTime iso={link.expiresAt} />.
            </p>
            <Button
              className="self-end"
              onClick={() =>
                void navigator.clipboard
                  .writeText(link.url)
                  .then(() => toast.success("Link copied"))
                  .catch(() => toast.error("Copy it from the field: the clipboard is not available here."))
              }
            >
              <Copy className="size-4" aria-hidden /> Copy link
            </Button>
          </div>
        )}
      </Dialog>
    </SettingsSection>
  );
}
