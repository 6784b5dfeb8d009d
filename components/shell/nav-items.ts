import type { Role } from '@/lib/auth/roles';

export interface NavItem {
  href: string;
  label: string;
  /** who sees it; pages that are not built yet are simply not listed */
  roles: readonly Role[];
}

const everyone = ['admin', 'member'] as const;
const admins = ['admin'] as const;

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/call', label: 'Call', roles: everyone },
  { href: '/calls', label: 'Calls', roles: everyone },
  { href: '/agent', label: 'Agent', roles: admins },
  { href: '/tools', label: 'Tools', roles: admins },
  { href: '/users', label: 'Users', roles: admins },
  { href: '/status', label: 'Status', roles: everyone },
];

export function navItemsFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}
