'use client';

import { Plus, Trash2 } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import type { FieldErrors } from '@/lib/errors';

/**
 * Header rows of a server form. A stored header shows only that a value is set; its value never
 * reaches the browser, and it stays as it is unless the admin replaces or removes it.
 */
export interface HeaderRow {
  key: string;
  name: string;
  /** stored: keep the sealed value; replace / new: send `value` */
  mode: 'stored' | 'replace' | 'new';
  value: string;
}

export type HeaderPayload = { name: string; value: string } | { name: string; keep: true };

export function headerPayload(rows: HeaderRow[]): HeaderPayload[] {
  return rows
    .filter((row) => row.mode !== 'new' || row.name.trim() || row.value)
    .map((row) =>
      row.mode === 'stored' ? { name: row.name, keep: true } : { name: row.name, value: row.value },
    );
}

let counter = 0;
export function newHeaderRow(partial: Partial<HeaderRow> = {}): HeaderRow {
  counter += 1;
  return { key: `h${counter}`, name: '', mode: 'new', value: '', ...partial };
}

/** The words of the editor: HTTP headers of a remote server, or a local server's environment. */
const WORDING = {
  headers: {
    legend: 'Headers (optional)',
    noun: 'Header',
    add: 'Add header',
    namePlaceholder: 'Authorization',
    valuePlaceholder: 'Bearer …',
    hint: (
      <>
        Sent with every request to this server, e.g. <code>Authorization</code> with{' '}
        <code>Bearer …</code>. Values are encrypted when stored and never shown again.
      </>
    ),
  },
  env: {
    legend: 'Environment variables (optional)',
    noun: 'Variable',
    add: 'Add variable',
    namePlaceholder: 'API_KEY',
    valuePlaceholder: 'Value',
    hint: (
      <>
        Given to the command on top of a minimal environment (<code>PATH</code>, <code>HOME</code>,{' '}
        <code>USER</code>…), e.g. an API key. Values are encrypted when stored, never shown again,
        and hidden from anything the server sends back.
      </>
    ),
  },
} as const;

export function HeadersEditor({
  rows,
  onChange,
  errors,
  field = 'headers',
}: {
  rows: HeaderRow[];
  onChange: (rows: HeaderRow[]) => void;
  errors: FieldErrors;
  /** which list this edits: the form field its errors come back under */
  field?: keyof typeof WORDING;
}) {
  const words = WORDING[field];
  const update = (key: string, patch: Partial<HeaderRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const remove = (key: string) => onChange(rows.filter((row) => row.key !== key));

  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-zinc-800">{words.legend}</legend>
      <p className="text-xs text-zinc-500">{words.hint}</p>
      {errors[field] ? <p className="text-sm text-red-600">{errors[field].join(' ')}</p> : null}
      {rows.map((row, index) => {
        const n = index + 1;
        const nameErrors = errors[`${field}.${index}.name`];
        const valueErrors = errors[`${field}.${index}.value`];
        return (
          <div
            key={row.key}
            className="grid gap-2 rounded-md border border-zinc-200 p-3 sm:grid-cols-[1fr_1.4fr_auto] sm:items-end"
          >
            <Field label={`${words.noun} ${n} name`} errors={nameErrors}>
              {(props) =>
                row.mode === 'new' ? (
                  <Input
                    {...props}
                    value={row.name}
                    onChange={(event) => update(row.key, { name: event.target.value })}
                    placeholder={words.namePlaceholder}
                    autoComplete="off"
                    spellCheck={false}
                  />
                ) : (
                  <Input {...props} value={row.name} readOnly className="bg-zinc-50" />
                )
              }
            </Field>
            {row.mode === 'stored' ? (
              <div className="flex h-10 items-center gap-2">
                <Badge tone="success" aria-label={`${words.noun} ${n} value is set`}>
                  •••••• set
                </Badge>
                <Button
                  type="button"
                  size="sm"
                  variant="secondary"
                  onClick={() => update(row.key, { mode: 'replace', value: '' })}
                >
                  Replace value
                </Button>
              </div>
            ) : (
              <Field
                label={`${words.noun} ${n} value`}
                errors={valueErrors}
                hint={
                  row.mode === 'replace' ? 'Replaces the stored value when you save.' : undefined
                }
              >
                {(props) => (
                  <div className="flex gap-2">
                    <Input
                      {...props}
                      type="password"
                      value={row.value}
                      onChange={(event) => update(row.key, { value: event.target.value })}
                      placeholder={row.mode === 'replace' ? 'New value' : words.valuePlaceholder}
                      autoComplete="off"
                      spellCheck={false}
                    />
                    {row.mode === 'replace' ? (
                      <Button
                        type="button"
                        variant="ghost"
                        onClick={() => update(row.key, { mode: 'stored', value: '' })}
                      >
                        Keep stored
                      </Button>
                    ) : null}
                  </div>
                )}
              </Field>
            )}
            <Button
              type="button"
              variant="ghost"
              aria-label={`Remove ${words.noun.toLowerCase()} ${n}`}
              onClick={() => remove(row.key)}
            >
              <Trash2 aria-hidden className="size-4" />
            </Button>
          </div>
        );
      })}
      <Button
        type="button"
        variant="secondary"
        size="sm"
        onClick={() => onChange([...rows, newHeaderRow()])}
      >
        <Plus aria-hidden className="size-4" />
        {words.add}
      </Button>
    </fieldset>
  );
}
