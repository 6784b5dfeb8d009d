-- CreateTable
CREATE TABLE "SignInFailure" (
    "email" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL,
    "lastFailedAt" DATETIME NOT NULL,
    "lockedUntil" DATETIME
);

