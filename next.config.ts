import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native modules stay unbundled; the LiveKit native module is never imported by the console.
  serverExternalPackages: [
    'better-sqlite3',
    '@prisma/adapter-better-sqlite3',
    'pg',
    '@prisma/adapter-pg',
  ],
  poweredByHeader: false,
  // forbidden() renders app/forbidden.tsx with a 403 for signed-in members on admin pages.
  experimental: { authInterrupts: true },
};

export default nextConfig;
