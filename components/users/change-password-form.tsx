'use client';

import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { authClient } from '@/components/auth/auth-client';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/field';

export function ChangePasswordForm() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const newPassword = String(form.get('newPassword') ?? '');
    if (newPassword !== String(form.get('confirm') ?? '')) {
      setError('The new passwords do not match.');
      return;
    }
    setPending(true);
    setError(null);
    const { error: failure } = await authClient.changePassword({
      currentPassword: String(form.get('currentPassword') ?? ''),
      newPassword,
      revokeOtherSessions: true,
    });
    setPending(false);
    if (failure) {
      setError(
        failure.status === 400 || failure.status === 401
          ? 'The current password is wrong, or the new one is too short (10 characters at least).'
          : (failure.message ?? 'Could not change the password.'),
      );
      return;
    }
    formElement.reset();
    toast.success('Password changed. Other sessions were signed out.');
  }

  return (
    <Card className="max-w-lg">
      <CardHeader
        title="Change password"
        description="Other devices signed in as you are signed out."
      />
      <CardBody>
        <form method="post" onSubmit={onSubmit} className="space-y-4">
          {error ? <Alert tone="error">{error}</Alert> : null}
          <Field label="Current password">
            {(props) => (
              <Input
                {...props}
                name="currentPassword"
                type="password"
                required
                autoComplete="current-password"
              />
            )}
          </Field>
          <Field label="New password" hint="At least 10 characters.">
            {(props) => (
              <Input
                {...props}
                name="newPassword"
                type="password"
                required
                minLength={10}
                autoComplete="new-password"
              />
            )}
          </Field>
          <Field label="Repeat the new password">
            {(props) => (
              <Input
                {...props}
                name="confirm"
                type="password"
                required
                minLength={10}
                autoComplete="new-password"
              />
            )}
          </Field>
          <Button type="submit" pending={pending}>
            Change password
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
