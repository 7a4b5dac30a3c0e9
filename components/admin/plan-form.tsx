"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { CheckboxField, FormError, SelectField, TextField } from "@/components/ui/field";
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
  updatePlanSchema,
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

const MILLION_STEP = DOWNSTREAM_QUOTA_STEP / MILLION;
type PlanKey = keyof Omit<PlanDTO, "updatedAt">;
/** Where a setting's error shows: the field that sets it. */
const fieldOf: Partial<Record<PlanKey, string>> = {
  membersPerCommunity: "membersPerCommunity",
  channelsPerCommunity: "channelsPerCommunity",
  communitiesPerUser: "communitiesPerUser",
  overQuotaMode: "overQuotaMode",
  communityNameLength: "communityNameLength",
  communityNoticeLength: "communityNoticeLength",
  monthlyDownstreamQuota: "quotaMillions",
  directAddInvites: "directAddInvites",
};

/** A typed number, or NaN when the box is empty (the schema then says it must be a number). */
const typed = (value: string) => (value.trim() === "" ? Number.NaN : Number(value));

/**
 * The plan's settings. Raising applies at once; lowering keeps what exists and only stops new
 * creation past the new limit (the form says so). Only changed settings are sent, checked first
 * with the server's own schema; every error (this check's or the server's) shows under its field.
 */
export function PlanForm({ plan }: { plan: PlanDTO }) {
  const router = useRouter();
  const { pending, error, fieldErrors, setFieldErrors, submit } = useSubmit();
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
  /** Errors by field of the form (a setting's errors under the field that sets it). */
  const errorsByField = (errors: Record<string, string[] | undefined>) =>
    Object.fromEntries(Object.entries(errors).map(([key, messages]) => [fieldOf[key as PlanKey] ?? key, messages]));
  const shown = errorsByField(fieldErrors);
  const set = (key: keyof typeof draft) => (value: string) => {
    setDraft((current) => ({ ...current, [key]: value }));
    // an edited field's old error no longer applies
    if (shown[key])
      setFieldErrors((current) =>
        Object.fromEntries(
          Object.entries(current).filter(([setting]) => (fieldOf[setting as PlanKey] ?? setting) !== key),
        ),
      );
  };
  const fieldError = (name: string) => shown[name]?.[0];
  // a setting without a field of its own (none today) still shows its error, above the button
  const otherError = Object.entries(shown).find(([name]) => !Object.values(fieldOf).includes(name))?.[1]?.[0];

  const save = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const next = {
      membersPerCommunity: draft.membersPerCommunity === "unlimited" ? null : Number(draft.membersPerCommunity),
      channelsPerCommunity: Number(draft.channelsPerCommunity),
      communitiesPerUser: Number(draft.communitiesPerUser),
      communityNameLength: typed(draft.communityNameLength),
      communityNoticeLength: typed(draft.communityNoticeLength),
      monthlyDownstreamQuota: Math.round(typed(draft.quotaMillions) * MILLION),
      overQuotaMode: draft.overQuotaMode,
      directAddInvites,
    };
    const changed = Object.fromEntries(
      Object.entries(next).filter(([key, value]) => plan[key as keyof PlanDTO] !== value),
    );
    if (Object.keys(changed).length === 0) {
      setFieldErrors({});
      return toast.info("Nothing changed.");
    }
    const checked = updatePlanSchema.safeParse(changed);
    if (!checked.success) {
      const errors: Record<string, string[]> = {};
      for (const issue of checked.error.issues) (errors[String(issue.path[0])] ??= []).push(issue.message);
      setFieldErrors(errors);
      // the first field in error takes the focus, so its message is read out
      const invalid = errorsByField(errors);
      const first = [...form.elements].find((element) => (element as HTMLInputElement).name in invalid);
      (first as HTMLElement | undefined)?.focus();
      return;
    }
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
      <form onSubmit={save} noValidate className="grid gap-4 @xl:grid-cols-2" aria-label="Plan">
        <SelectField
          label={planLabels.membersPerCommunity}
          name="membersPerCommunity"
          value={draft.membersPerCommunity}
          onChange={(event) => set("membersPerCommunity")(event.target.value)}
          error={fieldError("membersPerCommunity")}
        >
          <option value="100000">100,000</option>
          <option value="unlimited">Unlimited</option>
        </SelectField>
        <SelectField
          label={planLabels.channelsPerCommunity}
          name="channelsPerCommunity"
          value={draft.channelsPerCommunity}
          onChange={(event) => set("channelsPerCommunity")(event.target.value)}
          error={fieldError("channelsPerCommunity")}
        >
          {range(100, 1_000, 100).map((value) => (
            <option key={value} value={String(value)}>
              {number(value)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={planLabels.communitiesPerUser}
          name="communitiesPerUser"
          value={draft.communitiesPerUser}
          onChange={(event) => set("communitiesPerUser")(event.target.value)}
          error={fieldError("communitiesPerUser")}
        >
          {range(100, 500, 100).map((value) => (
            <option key={value} value={String(value)}>
              {number(value)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={planLabels.overQuotaMode}
          name="overQuotaMode"
          value={draft.overQuotaMode}
          onChange={(event) => set("overQuotaMode")(event.target.value)}
          error={fieldError("overQuotaMode")}
        >
          <option value="REFUSE">Refuse new sends</option>
          <option value="ALLOW">Allow and count the overage</option>
        </SelectField>
        <TextField
          label={planLabels.communityNameLength}
          name="communityNameLength"
          type="number"
          inputMode="numeric"
          min={10}
          max={NAME_LENGTH_CEILING}
          aria-required
          value={draft.communityNameLength}
          onChange={(event) => set("communityNameLength")(event.target.value)}
          error={fieldError("communityNameLength")}
          hint={`Characters, 10 … ${number(NAME_LENGTH_CEILING)}`}
        />
        <TextField
          label={planLabels.communityNoticeLength}
          name="communityNoticeLength"
          type="number"
          inputMode="numeric"
          min={10}
          max={NOTICE_LENGTH_CEILING}
          aria-required
          value={draft.communityNoticeLength}
          onChange={(event) => set("communityNoticeLength")(event.target.value)}
          error={fieldError("communityNoticeLength")}
          hint={`Characters, 10 … ${number(NOTICE_LENGTH_CEILING)}`}
        />
        <TextField
          label="Monthly downstream quota (millions)"
          name="quotaMillions"
          type="number"
          inputMode="numeric"
          min={BASE_DOWNSTREAM_QUOTA / MILLION}
          step={MILLION_STEP}
          aria-required
          value={draft.quotaMillions}
          onChange={(event) => set("quotaMillions")(event.target.value)}
          error={fieldError("quotaMillions")}
          hint={`Deliveries per calendar month: ${number(BASE_DOWNSTREAM_QUOTA / MILLION)} million, plus steps of ${MILLION_STEP} million`}
        />
        <div className="flex flex-col gap-1 @xl:col-span-2">
          <CheckboxField
            name="directAddInvites"
            checked={directAddInvites}
            onChange={(event) => setDirectAddInvites(event.target.checked)}
            aria-describedby="directAddInvites-help"
          >
            {planLabels.directAddInvites}
          </CheckboxField>
          <p id="directAddInvites-help" className="text-xs text-muted">
            Invitations by username add people at once, without asking them. Off by default: each invited person accepts
            or declines, so nobody can fill a stranger&apos;s community quota.
          </p>
          {fieldError("directAddInvites") && (
            <p role="alert" className="text-sm text-danger">
              {fieldError("directAddInvites")}
            </p>
          )}
        </div>
        <div className="flex flex-col justify-end gap-2 @xl:col-span-2">
          <FormError message={error ?? otherError ?? null} />
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
        <p className="text-sm text-muted">The plan has not been changed yet: it runs on the default limits.</p>
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
                  <span className="font-medium text-strong">{planValueText(key, to)}</span>
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </SettingsSection>
  );
}
