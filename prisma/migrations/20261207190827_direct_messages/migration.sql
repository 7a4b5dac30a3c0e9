-- CreateEnum
CREATE TYPE "CommunityKind" AS ENUM ('COMMUNITY', 'DIRECT', 'GROUP');

-- AlterTable
ALTER TABLE "Community" ADD COLUMN     "directKey" TEXT,
ADD COLUMN     "kind" "CommunityKind" NOT NULL DEFAULT 'COMMUNITY';

-- CreateIndex
CREATE UNIQUE INDEX "Community_directKey_key" ON "Community"("directKey");

-- CreateIndex
CREATE INDEX "Community_kind_id_idx" ON "Community"("kind", "id" DESC);
