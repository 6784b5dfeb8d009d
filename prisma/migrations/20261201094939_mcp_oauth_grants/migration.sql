-- CreateTable
CREATE TABLE "McpOAuthGrant" (
    "serverId" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'not_connected',
    "statusReason" TEXT,
    "client" TEXT,
    "clientSource" TEXT,
    "tokens" TEXT,
    "expiresAt" DATETIME,
    "scope" TEXT,
    "redirectUrl" TEXT,
    "discovery" TEXT,
    "requestedScope" TEXT,
    "stateHash" TEXT,
    "pending" TEXT,
    "pendingAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "McpOAuthGrant_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "McpServer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "McpOAuthGrant_stateHash_key" ON "McpOAuthGrant"("stateHash");

