-- CreateEnum
CREATE TYPE "PresenceMode" AS ENUM ('AUTO', 'IDLE', 'DND', 'INVISIBLE');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "customStatusEmoji" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "customStatusExpiresAt" TIMESTAMP(3),
ADD COLUMN     "customStatusText" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "presenceMode" "PresenceMode" NOT NULL DEFAULT 'AUTO';
