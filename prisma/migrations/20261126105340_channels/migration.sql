-- CreateEnum
CREATE TYPE "ChannelMuteMode" AS ENUM ('NONE', 'NORMAL', 'ALL', 'CUSTOM');

-- AlterTable
ALTER TABLE "Channel" ADD COLUMN     "avatarPath" TEXT,
ADD COLUMN     "categoryId" TEXT,
ADD COLUMN     "muteMode" "ChannelMuteMode" NOT NULL DEFAULT 'NONE',
ADD COLUMN     "muteUntil" TIMESTAMP(3),
ADD COLUMN     "mutedRoles" TEXT[],
ADD COLUMN     "slowmodeSeconds" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ChannelCategory" (
    "id" TEXT NOT NULL,
    "communityId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChannelCategory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelAttribute" (
    "channelId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "ChannelAttribute_pkey" PRIMARY KEY ("channelId","key")
);

-- CreateTable
CREATE TABLE "ChannelSendState" (
    "channelId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "lastSentAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChannelSendState_pkey" PRIMARY KEY ("channelId","userId")
);

-- CreateIndex
CREATE INDEX "ChannelCategory_communityId_position_idx" ON "ChannelCategory"("communityId", "position");

-- AddForeignKey
ALTER TABLE "Channel" ADD CONSTRAINT "Channel_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "ChannelCategory"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelCategory" ADD CONSTRAINT "ChannelCategory_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelAttribute" ADD CONSTRAINT "ChannelAttribute_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelSendState" ADD CONSTRAINT "ChannelSendState_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
