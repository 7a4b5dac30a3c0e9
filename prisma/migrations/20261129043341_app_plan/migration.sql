-- CreateEnum
CREATE TYPE "OverQuotaMode" AS ENUM ('REFUSE', 'ALLOW');

-- AlterTable
ALTER TABLE "Community" ADD COLUMN     "disabledAt" TIMESTAMP(3),
ADD COLUMN     "disabledById" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "isAppAdmin" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "AppPlan" (
    "id" TEXT NOT NULL DEFAULT 'app',
    "membersPerCommunity" INTEGER DEFAULT 100000,
    "channelsPerCommunity" INTEGER NOT NULL DEFAULT 100,
    "communitiesPerUser" INTEGER NOT NULL DEFAULT 100,
    "communityNameLength" INTEGER NOT NULL DEFAULT 300,
    "communityNoticeLength" INTEGER NOT NULL DEFAULT 500,
    "monthlyDownstreamQuota" BIGINT NOT NULL DEFAULT 200000000,
    "overQuotaMode" "OverQuotaMode" NOT NULL DEFAULT 'REFUSE',
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanChange" (
    "id" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PlanChange_createdAt_id_idx" ON "PlanChange"("createdAt" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "PlanChange" ADD CONSTRAINT "PlanChange_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Community" ADD CONSTRAINT "Community_disabledById_fkey" FOREIGN KEY ("disabledById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The plan row, at SPEC's defaults.
INSERT INTO "AppPlan" ("id") VALUES ('app') ON CONFLICT DO NOTHING;

-- An installation that already has accounts: its first account administers it.
UPDATE "User" SET "isAppAdmin" = true WHERE "id" = (SELECT "id" FROM "User" ORDER BY "createdAt", "id" LIMIT 1);
