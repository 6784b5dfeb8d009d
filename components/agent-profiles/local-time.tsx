'use client';

/** A timestamp in the reader's own time zone; the server's rendering may differ, hence the flag. */
export function LocalTime({ iso, className }: { iso: string; className?: string }) {
  const date = new Date(iso);
  return (
    <time dateTime={iso} className={className} suppressHydrationWarning title={date.toISOString()}>
      {date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
    </time>
  );
}
