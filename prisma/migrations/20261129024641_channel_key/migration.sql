-- AlterTable: generated from the row, so every write path keeps it (see lib/domain/read-state.ts)
ALTER TABLE "Message" ADD COLUMN     "channelKey" TEXT GENERATED ALWAYS AS ("channelId" || "id") STORED;

-- CreateIndex
CREATE INDEX "Message_channelKey_idx" ON "Message"("channelKey");
