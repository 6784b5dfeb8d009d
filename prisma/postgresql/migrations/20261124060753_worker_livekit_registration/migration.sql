-- AlterTable
ALTER TABLE "WorkerHeartbeat" ADD COLUMN     "livekitUrl" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "registered" BOOLEAN NOT NULL DEFAULT false;

