'use client';

import { Menu, X } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { authClient } from '@/components/auth/auth-client';
import { cn } from '@/components/ui/cn';
import type { NavItem } from './nav-items';

interface ShellUser {
  name: string;
  email: string;
  role: 'admin' | 'member';
}

function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function ConsoleShell({
  user,
  items,
  children,
}: {
  user: ShellUser;
  items: NavItem[];
  children: ReactNode;
}) {
  const pathname = usePathname();
  const router = useRouter();
  // The menu belongs to the page it was opened on, so navigating closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const [signingOut, setSigningOut] = useState(false);

  async function signOut() {
    setSigningOut(true);
    await authClient.signOut();
    router.replace('/sign-in');
    router.refresh();
  }

  const links = (
    <ul className="flex flex-col gap-1 md:flex-row md:items-center">
      {items.map((item) => (
        <li key={item.href}>
          <Link
            href={item.href}
            aria-current={isActive(pathname, item.href) ? 'page' : undefined}
            className={cn(
              'block rounded-md px-3 py-2 text-sm font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900',
              'focus-visible:outline-2 focus-visible:outline-indigo-600',
              'aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-700',
            )}
          >
            {item.label}
          </Link>
        </li>
      ))}
    </ul>
  );

  const signOutButton = (
    <button
      type="button"
      onClick={signOut}
      disabled={signingOut}
      className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
    >
      {signingOut ? 'Signing out…' : 'Sign out'}
    </button>
  );

  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-4 px-4 sm:px-6">
          <Link href="/" className="shrink-0 text-sm font-semibold tracking-tight text-zinc-900">
            Voice Console
          </Link>
          <nav aria-label="Main" className="hidden flex-1 md:block">
            {links}
          </nav>
          <div className="ml-auto hidden items-center gap-3 md:flex">
            <Link
              href="/account"
              className="text-right text-xs leading-tight text-zinc-600 hover:text-zinc-900"
            >
              <span className="block font-medium text-zinc-900">{user.name}</span>
              <span className="block">{user.role === 'admin' ? 'Admin' : 'Member'}</span>
            </Link>
            {signOutButton}
          </div>
          <button
            type="button"
            className="ml-auto rounded-md p-2 text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-600 md:hidden"
            aria-expanded={open}
            aria-controls="mobile-nav"
            aria-label={open ? 'Close menu' : 'Open menu'}
            onClick={() => setOpenOn(open ? null : pathname)}
          >
            {open ? <X className="size-5" aria-hidden /> : <Menu className="size-5" aria-hidden />}
          </button>
        </div>
        {open ? (
          <nav
            id="mobile-nav"
            aria-label="Main"
            className="border-t border-zinc-200 px-4 py-3 md:hidden"
          >
            {links}
            <div className="mt-3 flex items-center justify-between border-t border-zinc-100 pt-3">
              <Link href="/account" className="text-sm text-zinc-700">
                {user.name} · {user.role === 'admin' ? 'Admin' : 'Member'}
              </Link>
              {signOutButton}
            </div>
          </nav>
        ) : null}
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}
