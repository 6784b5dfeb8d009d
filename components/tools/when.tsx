'use client';

import { formatWhen } from './format';

/** A date in the reader's locale and time zone (which the server cannot know). */
export function When({ iso }: { iso: string | null }) {
  return (
    <time dateTime={iso ?? undefined} suppressHydrationWarning>
      {formatWhen(iso)}
    </time>
  );
}
