import type { ReactNode } from 'react';
import { ConsoleShell } from '@/components/shell/console-shell';
import { navItemsFor } from '@/components/shell/nav-items';
import { requireUserPage } from '@/server/page-guards';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUserPage();
  return (
    <ConsoleShell
      user={{ name: user.name, email: user.email, role: user.role }}
      items={navItemsFor(user.role)}
    >
      {children}
    </ConsoleShell>
  );
}
