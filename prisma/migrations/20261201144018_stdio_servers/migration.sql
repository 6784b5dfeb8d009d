-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_McpServer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'http',
    "url" TEXT NOT NULL,
    "command" TEXT,
    "args" TEXT NOT NULL DEFAULT '[]',
    "env" TEXT NOT NULL DEFAULT '[]',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "headers" TEXT NOT NULL DEFAULT '[]',
    "transport" TEXT,
    "lastCheckedAt" DATETIME,
    "lastCheckOk" BOOLEAN,
    "lastCheckMs" INTEGER,
    "lastErrorCode" TEXT,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_McpServer" ("createdAt", "enabled", "headers", "id", "lastCheckMs", "lastCheckOk", "lastCheckedAt", "lastError", "lastErrorCode", "name", "transport", "updatedAt", "url") SELECT "createdAt", "enabled", "headers", "id", "lastCheckMs", "lastCheckOk", "lastCheckedAt", "lastError", "lastErrorCode", "name", "transport", "updatedAt", "url" FROM "McpServer";
DROP TABLE "McpServer";
ALTER TABLE "new_McpServer" RENAME TO "McpServer";
CREATE UNIQUE INDEX "McpServer_name_key" ON "McpServer"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

