"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { useSubmit } from "@/components/ui/use-submit";
import { SettingsSection } from "@/components/settings/settings-shell";
import { updatePlanAction } from "@/lib/actions/admin";
import type { PlanChangeDTO, PlanDTO } from "@/lib/dto";
import {
  BASE_DOWNSTREAM_QUOTA,
  DOWNSTREAM_QUOTA_STEP,
  NAME_LENGTH_CEILING,
  NOTICE_LENGTH_CEILING,
} from "@/lib/schemas/plan";

const range = (from: number, to: number, step: number) =>
  Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
const number = (value: number) => value.toLocaleString("en-US");
const MILLION = 1_000_000;

export const planLabels: Record<keyof Omit<PlanDTO, "updatedAt">, string> = {
  membersPerCommunity: "Members per community",
  channelsPerCommunity: "Channels per community",
  communitiesPerUser: "Communities per user",
  communityNameLength: "Community name length",
  communityNoticeLength: "Community notice length",
  monthlyDownstreamQuota: "Monthly downstream quota",
  overQuotaMode: "Past the quota",
  directAddInvites: "Direct add by username",
};

export function planValueText(key: string, value: unknown) {
  if (key === "membersPerCommunity") return value === null ? "unlimited" : number(Number(value));
  if (key === "overQuotaMode") return value === "REFUSE" ? "refuse new sends" : "allow and count the overage";
  if (key === "directAddInvites") return value ? "on" : "off";
  if (key === "monthlyDownstreamQuota") return `${number(Number(value) / MILLION)} million`;
  return typeof value === "number" ? number(value) : String(value);
}

const selectClass =
  "w-full rounded-[4px] bg-rail px-3 py-2 text-[15px] text-text outline-none focus:ring-2 focus:ring-accent";

function SelectField({
  label,
  name,
  value,
  options,
  onChange,
}: {
  label: string;
  name: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <div className="flex flex-col gap-2">
      <label htmlFor={name} className="text-xs font-bold uppercase tracking-wide text-muted">
        {label}
      </label>
      <select
        id={name}
        name={name}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className={selectClass}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The plan's settings. Raising applies at once; lowering keeps what exists and only stops new
 * creation past the new limit (the form says so). Only changed settings are sent.
 */
export function PlanForm({ plan }: { plan: PlanDTO }) {
  const router = useRouter();
  const { pending, error, fieldErrors, submit } = useSubmit();
  const [draft, setDraft] = useState({
    membersPerCommunity: plan.membersPerCommunity === null ? "unlimited" : String(plan.membersPerCommunity),
    channelsPerCommunity: String(plan.channelsPerCommunity),
    communitiesPerUser: String(plan.communitiesPerUser),
    communityNameLength: String(plan.communityNameLength),
    communityNoticeLength: String(plan.communityNoticeLength),
    quotaMillions: String(plan.monthlyDownstreamQuota / MILLION),
    overQuotaMode: plan.overQuotaMode,
  });
  const [directAddInvites, setDirectAddInvites] = useState(plan.directAddInvites);
  const set = (key: keyof typeof draft) => (value: string) => setDraft((current) => ({ ...current, [key]: value }));

  const save = (event: React.FormEvent) => {
    event.preventDefault();
    const next = {
      membersPerCommunity: draft.membersPerCommunity === "unlimited" ? null : Number(draft.membersPerCommunity),
      channelsPerCommunity: Number(draft.channelsPerCommunity),
      communitiesPerUser: Number(draft.communitiesPerUser),
      communityNameLength: Number(draft.communityNameLength),
      communityNoticeLength: Number(draft.communityNoticeLength),
      monthlyDownstreamQuota: Math.round(Number(draft.quotaMillions) * MILLION),
      overQuotaMode: draft.overQuotaMode,
      directAddInvites,
    };
    const changed = Object.fromEntries(
      Object.entries(next).filter(([key, value]) => plan[key as keyof PlanDTO] !== value),
    );
    if (Object.keys(changed).length === 0) return toast.info("Nothing changed.");
    void submit(
      () => updatePlanAction(changed),
      () => {
        toast.success("Plan saved. It applies at once.");
        router.refresh();
      },
    );
  };

  return (
    <SettingsSection
      title="Plan and limits"
      description="Raising a limit applies at once everywhere. Lowering one never deletes or hides anything: what is above the new limit stays, and only new creation past it is refused."
    >
      <form onSubmit={save} className="grid gap-4 sm:grid-cols-2" aria-label="Plan">
        <SelectField
          label={planLabels.membersPerCommunity}
          name="membersPerCommunity"
          value={draft.membersPerCommunity}
          onChange={set("membersPerCommunity")}
          options={[
            { value: "100000", label: "100,000" },
            { value: "unlimited", label: "Unlimited" },
          ]}
        />
        <SelectField
          label={planLabels.channelsPerCommunity}
          name="channelsPerCommunity"
          value={draft.channelsPerCommunity}
          onChange={set("channelsPerCommunity")}
          options={range(100, 1_000, 100).map((value) => ({ value: String(value), label: number(value) }))}
        />
        <SelectField
          label={planLabels.communitiesPerUser}
          name="communitiesPerUser"
          value={draft.communitiesPerUser}
          onChange={set("communitiesPerUser")}
          options={range(100, 500, 100).map((value) => ({ value: String(value), label: number(value) }))}
        />
        <SelectField
          label={planLabels.overQuotaMode}
          name="overQuotaMode"
          value={draft.overQuotaMode}
          onChange={set("overQuotaMode")}
          options={[
            { value: "REFUSE", label: "Refuse new sends" },
            { value: "ALLOW", label: "Allow and count the overage" },
          ]}
        />
        <TextField
          label={planLabels.communityNameLength}
          name="communityNameLength"
          type="number"
          min={10}
          max={NAME_LENGTH_CEILING}
          required
          value={draft.communityNameLength}
          onChange={(event) => set("communityNameLength")(event.target.value)}
          error={fieldErrors.communityNameLength?.[0]}
          hint={`Characters, 10 … ${number(NAME_LENGTH_CEILING)}`}
        />
        <TextField
          label={planLabels.communityNoticeLength}
          name="communityNoticeLength"
          type="number"
          min={10}
          max={NOTICE_LENGTH_CEILING}
          required
          value={draft.communityNoticeLength}
          onChange={(event) => set("communityNoticeLength")(event.target.value)}
          error={fieldErrors.communityNoticeLength?.[0]}
          hint={`Characters, 10 … ${number(NOTICE_LENGTH_CEILING)}`}
        />
        <TextField
          label="Monthly downstream quota (millions)"
          name="quotaMillions"
          type="number"
          min={BASE_DOWNSTREAM_QUOTA / MILLION}
          step={DOWNSTREAM_QUOTA_STEP / MILLION}
          required
          value={draft.quotaMillions}
          onChange={(event) => set("quotaMillions")(event.target.value)}
          error={fieldErrors.monthlyDownstreamQuota?.[0]}
          hint="Deliveries per calendar month: 200 million, plus steps of 10 million"
        />
        <div className="flex flex-col gap-1 sm:col-span-2">
          <label className="flex items-center gap-2 text-sm text-text">
            <input
              type="checkbox"
              name="directAddInvites"
              checked={directAddInvites}
              onChange={(event) => setDirectAddInvites(event.target.checked)}
              aria-describedby="directAddInvites-help"
              className="accent-[#5865f2]"
            />
            {planLabels.directAddInvites}
          </label>
          <p id="directAddInvites-help" className="text-xs text-muted">
            Invitations by username add people at once, without asking them. Off by default: each invited person accepts
            or declines, so nobody can fill a stranger&apos;s community quota.
          </p>
        </div>
        <div className="flex flex-col justify-end gap-2 sm:col-span-2">
          <FormError message={error ?? Object.values(fieldErrors).flat()[0] ?? null} />
          <div>
            <Button type="submit" pending={pending}>
              Save plan
            </Button>
          </div>
        </div>
      </form>
    </SettingsSection>
  );
}

/** Who changed the plan, when, and each setting from → to. */
export function PlanChangeLog({ changes }: { changes: PlanChangeDTO[] }) {
  return (
    <SettingsSection title="Changes" description="Every change to the plan, newest first.">
      {changes.length === 0 ? (
        <p className="text-sm text-muted">The plan has not been changed yet: it runs on SPEC's defaults.</p>
      ) : (
        <ul aria-label="Plan changes" className="flex flex-col divide-y divide-line rounded-md bg-sidebar">
          {changes.map((change) => (
            <li key={change.id} className="flex flex-col gap-1 px-4 py-3 text-sm">
              <span className="text-muted">
                <LocalTime iso={change.createdAt} /> · <span className="text-text">{change.actor.displayName}</span> @
                {change.actor.username}
              </span>
              {Object.entries(change.changes).map(([key, { from, to }]) => (
                <span key={key}>
                  {planLabels[key as keyof typeof planLabels] ?? key}:{" "}
                  <span className="text-faint line-through">{planValueText(key, from)}</span> →{" "}
                  <span className="font-medium text-white">{planValueText(key, to)}</span>
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </SettingsSection>
  );
}
