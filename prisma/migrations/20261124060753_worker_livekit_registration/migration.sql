-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_WorkerHeartbeat" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agentName" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "activeJobs" INTEGER NOT NULL DEFAULT 0,
    "startedAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "livekitUrl" TEXT NOT NULL DEFAULT '',
    "registered" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_WorkerHeartbeat" ("activeJobs", "agentName", "hostname", "id", "lastSeenAt", "startedAt", "version") SELECT "activeJobs", "agentName", "hostname", "id", "lastSeenAt", "startedAt", "version" FROM "WorkerHeartbeat";
DROP TABLE "WorkerHeartbeat";
ALTER TABLE "new_WorkerHeartbeat" RENAME TO "WorkerHeartbeat";
CREATE INDEX "WorkerHeartbeat_lastSeenAt_idx" ON "WorkerHeartbeat"("lastSeenAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

