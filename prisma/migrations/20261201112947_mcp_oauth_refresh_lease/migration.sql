-- AlterTable
ALTER TABLE "McpOAuthGrant" ADD COLUMN "refreshingUntil" DATETIME;

