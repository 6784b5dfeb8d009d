-- AlterTable
ALTER TABLE "Call" ADD COLUMN "workerId" TEXT;

-- CreateIndex
CREATE INDEX "Call_status_workerId_idx" ON "Call"("status", "workerId");

