"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { Ban, CheckCircle2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { CellLabel, cardTable } from "@/components/settings/card-table";
import { SettingsSection } from "@/components/settings/settings-shell";
import { DirectorySearch } from "./directory-search";
import { listCommunitiesAction, setCommunityDisabledAction } from "@/lib/actions/admin";
import type { AdminCommunityDTO, AdminCommunityPage } from "@/lib/dto";

const t = cardTable("2xl");
const count = (value: number) => value.toLocaleString("en-US");

/** Every community: searchable by name, newest first, more on demand (keyset pages). */
export function CommunityDirectory({ query, first }: { query: string; first: AdminCommunityPage }) {
  const [communities, setCommunities] = useState(first.communities);
  const [cursor, setCursor] = useState(first.nextCursor);
  const [loading, setLoading] = useState(false);

  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    const result = await listCommunitiesAction({ query, cursor }).catch(() => null);
    setLoading(false);
    if (!result?.ok)
      return toast.error(result?.message ?? "Could not reach the server. Check your connection and try again.");
    setCommunities((current) => [...current, ...result.data.communities]);
    setCursor(result.data.nextCursor);
  };

  return (
    <SettingsSection
      title="Communities"
      description="Every community of this installation. Open one to see its details or to disable it."
    >
      <DirectorySearch
        path="/admin/communities"
        query={query}
        label="Search communities by name"
        placeholder="Search by name"
        maxLength={100}
      />
      {communities.length === 0 ? (
        <p className="rounded-md bg-sidebar p-6 text-center text-sm text-muted">
          {query ? `No community is called anything like “${query}”.` : "No communities yet."}
        </p>
      ) : (
        <div className="rounded-md @2xl:bg-sidebar">
          <table className={t.table} aria-label="Communities">
            <thead className={t.thead}>
              <tr>
                <th scope="col" className={t.th}>
                  Name
                </th>
                <th scope="col" className={t.th}>
                  Owner
                </th>
                <th scope="col" className={t.thNumeric}>
                  Members
                </th>
                <th scope="col" className={t.thNumeric}>
                  Channels
                </th>
                <th scope="col" className={t.th}>
                  Created
                </th>
              </tr>
            </thead>
            <tbody className={t.tbody}>
              {communities.map((community) => (
                <tr key={community.id} className={t.tr}>
                  <th scope="row" className={clsx(t.title, "@2xl:max-w-64")}>
                    <span className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
                      <Link
                        href={`/admin/communities/${community.id}`}
                        className="min-w-0 break-words font-medium text-strong hover:underline"
                      >
                        {community.name}
                      </Link>
                      {community.disabledAt && (
                        <span className="rounded bg-danger/20 px-1.5 py-0.5 text-xs font-semibold text-danger">
                          Disabled
                        </span>
                      )}
                    </span>
                  </th>
                  <td className={clsx(t.td, "text-muted")}>
                    <CellLabel fold="2xl">Owner</CellLabel>
                    <span className="min-w-0 break-all">@{community.owner.username}</span>
                  </td>
                  <td className={t.tdNumeric}>
                    <CellLabel fold="2xl">Members</CellLabel>
                    {count(community.memberCount)}
                  </td>
                  <td className={t.tdNumeric}>
                    <CellLabel fold="2xl">Channels</CellLabel>
                    {count(community.channelCount)}
                  </td>
                  <td className={clsx(t.td, "whitespace-nowrap text-muted")}>
                    <CellLabel fold="2xl">Created</CellLabel>
                    <LocalTime iso={community.createdAt} dateOnly />
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
    </SettingsSection>
  );
}

/** One community's facts, and disabling (read-only for its members, with a notice) or enabling it. */
export function CommunityDetail({ community: initial }: { community: AdminCommunityDTO }) {
  const [community, setCommunity] = useState(initial);
  const [pending, setPending] = useState(false);
  const toggle = async () => {
    setPending(true);
    const result = await setCommunityDisabledAction({
      communityId: community.id,
      disabled: !community.disabledAt,
    }).catch(() => null);
    setPending(false);
    if (!result?.ok)
      return toast.error(result?.message ?? "Could not reach the server. Check your connection and try again.");
    setCommunity(result.data);
    toast.success(
      result.data.disabledAt ? "Community disabled: its members can only read it." : "Community enabled again.",
    );
  };
  const facts: [string, React.ReactNode][] = [
    ["Owner", `${community.owner.displayName} (@${community.owner.username})`],
    ["Members", count(community.memberCount)],
    ["Channels", count(community.channelCount)],
    ["Join mode", { OPEN: "Open", APPROVAL: "Approval", INVITE_ONLY: "Invite only" }[community.joinMode]],
    ["Created", <LocalTime key="created" iso={community.createdAt} />],
    ["Notice", community.notice || "—"],
  ];
  return (
    <SettingsSection title={community.name}>
      <Link href="/admin/communities" className="inline-flex min-h-8 items-center text-sm text-muted hover:text-text">
        ← All communities
      </Link>
      <dl className="mt-4 grid grid-cols-[minmax(0,7rem)_1fr] gap-x-4 gap-y-2 rounded-md bg-sidebar p-4 text-sm">
        {facts.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-muted">{label}</dt>
            <dd className="min-w-0 break-words text-text">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-6 rounded-md border border-line p-4">
        {community.disabledAt ? (
          <p className="mb-3 text-sm text-danger" role="status">
            Disabled <LocalTime iso={community.disabledAt} />
            {community.disabledBy ? ` by @${community.disabledBy.username}` : ""}: its members read it but cannot change
            anything.
          </p>
        ) : (
          <p className="mb-3 text-sm text-muted">
            Disabling makes the community read-only for everyone in it (no messages, reactions, settings, invites or
            joins) and shows them a notice. Nothing is deleted.
          </p>
        )}
        <Button variant={community.disabledAt ? "primary" : "danger"} pending={pending} onClick={() => void toggle()}>
          {community.disabledAt ? (
            <CheckCircle2 className="size-4" aria-hidden />
          ) : (
            <Ban className="size-4" aria-hidden />
          )}
          {community.disabledAt ? "Enable community" : "Disable community"}
        </Button>
      </div>
    </SettingsSection>
  );
}
