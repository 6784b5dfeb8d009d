import type { Metadata } from 'next';
import { UsersView } from '@/components/users/users-view';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/lib/db/client';
import { listUsers } from '@/lib/db/users';
import { requireAdminPage } from '@/server/page-guards';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const me = await requireAdminPage();
  const users = await listUsers({ db: getDb() });
  return (
    <>
      <PageHeader
        title="Users"
        description="Admins configure the agent and its tools and see every call. Members make calls and see their own."
      />
      <UsersView users={users} currentUserId={me.id} />
    </>
  );
}
