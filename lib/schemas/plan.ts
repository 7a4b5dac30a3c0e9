import { z } from "zod";
import { NAME_LENGTH_CEILING, NOTICE_LENGTH_CEILING } from "../input-bounds";

export { NAME_LENGTH_CEILING, NOTICE_LENGTH_CEILING };
export const BASE_DOWNSTREAM_QUOTA = 200_000_000;
export const DOWNSTREAM_QUOTA_STEP = 10_000_000;

const steps = (label: string, from: number, to: number, step: number) =>
  z
    .number(`${label} must be a number.`)
    .int(`${label} must be a whole number.`)
    .min(from, `${label} is at least ${from.toLocaleString("en-US")}.`)
    .max(to, `${label} is at most ${to.toLocaleString("en-US")}.`)
    .refine((value) => (value - from) % step === 0, `${label} goes in steps of ${step.toLocaleString("en-US")}.`);

/** A change to the plan: any of its settings, each within what SPEC.md offers. */
export const updatePlanSchema = z
  .object({
    membersPerCommunity: z
      .union([z.literal(100_000), z.null()], "Members per community is 100,000 or unlimited.")
      .optional(),
    channelsPerCommunity: steps("Channels per community", 100, 1_000, 100).optional(),
    communitiesPerUser: steps("Communities per user", 100, 500, 100).optional(),
    communityNameLength: steps("Community name length", 10, NAME_LENGTH_CEILING, 1).optional(),
    communityNoticeLength: steps("Community notice length", 10, NOTICE_LENGTH_CEILING, 1).optional(),
    monthlyDownstreamQuota: steps(
      "Monthly downstream quota",
      BASE_DOWNSTREAM_QUOTA,
      100_000_000_000,
      DOWNSTREAM_QUOTA_STEP,
    ).optional(),
    overQuotaMode: z
      .enum(["REFUSE", "ALLOW"], "Past the quota: refuse new sends, or allow and count the overage.")
      .optional(),
    /** SPEC "Joining": off (the default) asks each invited person first */
    directAddInvites: z.boolean("Direct add is on or off.").optional(),
  })
  .strict();

export type UpdatePlanInput = z.input<typeof updatePlanSchema>;
