import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { consoleEnv } from '@/lib/env/console-env';
import { getCurrentUser } from '@/server/auth-guards';

export const metadata: Metadata = { title: 'Sign in' };

function safeNext(next: string | string[] | undefined): string {
  // Only same-site paths: never an open redirect.
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNext((await searchParams).next);
  if (await getCurrentUser()) redirect(next);
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <p className="text-sm font-semibold tracking-wide text-indigo-600 uppercase">
            Voice Console
          </p>
          <h1 className="mt-2 text-2xl font-semibold">Sign in</h1>
        </div>
        <SignInForm next={next} consoleUrl={consoleEnv().consoleUrl} />
      </div>
    </main>
  );
}
