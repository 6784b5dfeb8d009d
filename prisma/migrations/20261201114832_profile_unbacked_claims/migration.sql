-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AgentProfileVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "profileId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "prompt" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "voice" TEXT NOT NULL,
    "allTools" BOOLEAN NOT NULL DEFAULT true,
    "toolIds" TEXT NOT NULL DEFAULT '[]',
    "unbackedClaims" TEXT NOT NULL DEFAULT 'correct',
    "note" TEXT,
    "authorId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AgentProfileVersion_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "AgentProfile" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AgentProfileVersion" ("allTools", "authorId", "createdAt", "id", "model", "note", "profileId", "prompt", "toolIds", "version", "voice") SELECT "allTools", "authorId", "createdAt", "id", "model", "note", "profileId", "prompt", "toolIds", "version", "voice" FROM "AgentProfileVersion";
DROP TABLE "AgentProfileVersion";
ALTER TABLE "new_AgentProfileVersion" RENAME TO "AgentProfileVersion";
CREATE UNIQUE INDEX "AgentProfileVersion_profileId_version_key" ON "AgentProfileVersion"("profileId", "version");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

