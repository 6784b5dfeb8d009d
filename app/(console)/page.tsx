import { redirect } from 'next/navigation';
import { NAV_ITEMS } from '@/components/shell/nav-items';
import { requireUserPage } from '@/server/page-guards';

// Home is the first page of the navigation this user can see.
export default async function Home() {
  const user = await requireUserPage();
  const first = NAV_ITEMS.find((item) => item.roles.includes(user.role));
  redirect(first?.href ?? '/status');
}
