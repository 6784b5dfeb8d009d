-- CreateTable
CREATE TABLE "McpOAuthGrant" (
    "serverId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'not_connected',
    "statusReason" TEXT,
    "client" TEXT,
    "clientSource" TEXT,
    "tokens" TEXT,
    "expiresAt" TIMESTAMP(3),
    "scope" TEXT,
    "redirectUrl" TEXT,
    "discovery" TEXT,
    "requestedScope" TEXT,
    "stateHash" TEXT,
    "pending" TEXT,
    "pendingAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "McpOAuthGrant_pkey" PRIMARY KEY ("serverId")
);

-- CreateIndex
CREATE UNIQUE INDEX "McpOAuthGrant_stateHash_key" ON "McpOAuthGrant"("stateHash");

-- AddForeignKey
ALTER TABLE "McpOAuthGrant" ADD CONSTRAINT "McpOAuthGrant_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "McpServer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

