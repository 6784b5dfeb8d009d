'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/field';
import { safeNextPath } from '@/lib/auth/next-path';
import { authClient } from './auth-client';

/** Requests from another address than the console's own are refused (CSRF protection). */
const ORIGIN_REFUSALS = new Set([
  'INVALID_ORIGIN',
  'MISSING_OR_NULL_ORIGIN',
  'CROSS_SITE_NAVIGATION_LOGIN_BLOCKED',
]);

function messageFor(
  failure: { status?: number; code?: string; message?: string },
  consoleUrl: string,
): string {
  if (failure.status === 429) return 'Too many sign-in attempts. Wait a minute and try again.';
  if (failure.code === 'BANNED_USER') return 'This account is disabled. Ask an admin.';
  // 403 without a code is the route wrapper's same-origin refusal (server/request-guards.ts).
  if ((failure.code && ORIGIN_REFUSALS.has(failure.code)) || failure.status === 403)
    return `This console accepts sign-ins only at its own address, ${consoleUrl}. Open it there, or ask the operator to set CONSOLE_URL to the address you use.`;
  if (failure.status === 401 || failure.status === 400)
    return 'That email and password do not match an account.';
  return failure.message ?? 'Could not sign in. Check your connection and try again.';
}

export function SignInForm({ next, consoleUrl }: { next: string; consoleUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const { error: failure } = await authClient.signIn.email({
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    });
    if (failure) {
      setPending(false);
      setError(messageFor(failure, consoleUrl));
      return;
    }
    // Checked again here: the prop is the page's, but this is where the browser goes.
    router.replace(safeNextPath(next, consoleUrl));
    router.refresh();
  }

  return (
    <Card>
      <CardBody>
        <form method="post" onSubmit={onSubmit} className="space-y-4">
          {error ? <Alert tone="error">{error}</Alert> : null}
          <Field label="Email">
            {(props) => (
              <Input
                {...props}
                name="email"
                type="email"
                autoComplete="username"
                required
                autoFocus
              />
            )}
          </Field>
          <Field label="Password">
            {(props) => (
              <Input
                {...props}
                name="password"
                type="password"
                autoComplete="current-password"
                required
              />
            )}
          </Field>
          <Button type="submit" className="w-full" pending={pending}>
            Sign in
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
