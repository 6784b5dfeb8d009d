import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/users/change-password-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireUserPage } from '@/server/page-guards';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const user = await requireUserPage();
  return (
    <>
      <PageHeader
        title="Account"
        description={`${user.name} · ${user.email} · ${user.role === 'admin' ? 'Admin' : 'Member'}`}
      />
      <ChangePasswordForm />
    </>
  );
}
