import type { ReactNode } from 'react';
import { requireAdminPage } from '@/server/page-guards';

// Admin pages live under this group. The check runs outside any Suspense boundary, before
// the response starts streaming, so a member gets a real 403 (app/forbidden.tsx).
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdminPage();
  return children;
}
