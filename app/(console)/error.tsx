'use client';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

export default function ConsoleError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="mx-auto max-w-lg space-y-4 py-12">
      <Alert tone="error" title="This page could not load">
        Something went wrong on our side{error.digest ? ` (reference ${error.digest})` : ''}. Try
        again; if it keeps happening, check the Status page.
      </Alert>
      <Button variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
