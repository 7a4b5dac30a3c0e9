-- CreateTable
CREATE TABLE "DeliveryCount" (
    "month" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "communityId" TEXT NOT NULL DEFAULT '',
    "deliveries" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "DeliveryCount_pkey" PRIMARY KEY ("month","channelId")
);

-- CreateTable
CREATE TABLE "DailyUsage" (
    "day" TEXT NOT NULL,
    "messages" INTEGER NOT NULL DEFAULT 0,
    "deliveries" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "DailyUsage_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "DailyActiveUser" (
    "day" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    CONSTRAINT "DailyActiveUser_pkey" PRIMARY KEY ("day","userId")
);
