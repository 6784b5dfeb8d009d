-- AlterTable
ALTER TABLE "McpServer" ADD COLUMN     "args" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "command" TEXT,
ADD COLUMN     "env" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'http';

