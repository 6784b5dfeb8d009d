-- AlterTable
ALTER TABLE "McpTool" ADD COLUMN "outputSchema" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ToolSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serverId" TEXT NOT NULL,
    "tools" TEXT NOT NULL,
    "refused" TEXT NOT NULL DEFAULT '[]',
    "stoppedAtPage" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ToolSnapshot_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "McpServer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ToolSnapshot" ("createdAt", "id", "serverId", "tools") SELECT "createdAt", "id", "serverId", "tools" FROM "ToolSnapshot";
DROP TABLE "ToolSnapshot";
ALTER TABLE "new_ToolSnapshot" RENAME TO "ToolSnapshot";
CREATE INDEX "ToolSnapshot_serverId_createdAt_idx" ON "ToolSnapshot"("serverId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

