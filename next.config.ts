import type { NextConfig } from 'next';
import { API_CONTENT_SECURITY_POLICY, STATIC_SECURITY_HEADERS } from './server/security-headers';

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
  // On every response; pages get their nonce-based Content-Security-Policy from proxy.ts.
  async headers() {
    return [
      { source: '/:path*', headers: [...STATIC_SECURITY_HEADERS] },
      {
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }],
      },
    ];
  },
};

export default nextConfig;
