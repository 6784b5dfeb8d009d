-- AlterTable
ALTER TABLE "AgentProfileVersion" ADD COLUMN     "unbackedClaims" TEXT NOT NULL DEFAULT 'correct';

