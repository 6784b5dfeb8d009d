import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { Toaster } from 'sonner';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Voice Console', template: '%s · Voice Console' },
  description: 'Talk to your voice agent and see every tool call it really made.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, so each gets the CSP nonce proxy.ts made for it
  // (a page prerendered at build time would carry no nonce and its scripts would not run).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        {children}
        <Toaster position="bottom-right" richColors closeButton />
      </body>
    </html>
  );
}
