import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native modules stay unbundled; the LiveKit native module is never imported by the console.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3'],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
