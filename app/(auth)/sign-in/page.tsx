import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { safeNextPath } from '@/lib/auth/next-path';
import { consoleEnv } from '@/lib/env/console-env';
import { getCurrentUser } from '@/server/auth-guards';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const consoleUrl = consoleEnv().consoleUrl;
  const next = safeNextPath((await searchParams).next, consoleUrl);
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
        <SignInForm next={next} consoleUrl={consoleUrl} />
      </div>
    </main>
  );
}
