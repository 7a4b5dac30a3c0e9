-- CreateTable
CREATE TABLE "UserSendState" (
    "userId" TEXT NOT NULL,
    "lastSentAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UserSendState_pkey" PRIMARY KEY ("userId")
);

-- AddForeignKey
ALTER TABLE "UserSendState" ADD CONSTRAINT "UserSendState_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
