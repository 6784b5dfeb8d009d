'use client';

import type { FormEvent, ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/field';

function VersionSelect({
  label,
  versions,
  value,
  onChange,
}: {
  label: string;
  versions: number[];
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="space-y-1 text-sm font-medium text-zinc-800">
      <span className="block">{label}</span>
      <Select className="w-28" value={value} onChange={(e) => onChange(e.target.value)}>
        {versions.map((n) => (
          <option key={n} value={n}>
            v{n}
          </option>
        ))}
      </Select>
    </label>
  );
}

/** "From version / To version / Compare": the history list and the diff page both pick a pair. */
export function VersionPairPicker({
  label,
  versions,
  from,
  to,
  onFrom,
  onTo,
  onCompare,
  children,
}: {
  label: string;
  versions: number[];
  from: string;
  to: string;
  onFrom: (value: string) => void;
  onTo: (value: string) => void;
  onCompare: () => void;
  children?: ReactNode;
}) {
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onCompare();
  }
  return (
    <form onSubmit={submit} aria-label={label} className="flex flex-wrap items-end gap-3">
      <VersionSelect label="From version" versions={versions} value={from} onChange={onFrom} />
      <VersionSelect label="To version" versions={versions} value={to} onChange={onTo} />
      <Button type="submit" variant="secondary">
        Compare
      </Button>
      {children}
    </form>
  );
}
