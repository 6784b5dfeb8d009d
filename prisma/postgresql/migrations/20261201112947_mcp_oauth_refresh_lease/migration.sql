-- AlterTable
ALTER TABLE "McpOAuthGrant" ADD COLUMN     "refreshingUntil" TIMESTAMP(3);

