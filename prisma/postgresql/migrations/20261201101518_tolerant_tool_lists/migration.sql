-- AlterTable
ALTER TABLE "ToolSnapshot" ADD COLUMN     "refused" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "stoppedAtPage" INTEGER;

-- AlterTable
ALTER TABLE "McpTool" ADD COLUMN     "outputSchema" TEXT;

