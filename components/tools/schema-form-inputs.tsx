'use client';

import { useState, type ReactNode } from 'react';
import { Input, Textarea } from '@/components/ui/field';
import { UnparsedJson } from './schema-form-model';

/** The leaf controls of the generated form: a labelled row, a number input, a JSON input. */

export function Row({
  id,
  label,
  required,
  description,
  errors,
  children,
}: {
  id: string;
  label: string;
  required: boolean;
  description: string | undefined;
  errors: string[] | undefined;
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
}) {
  const describedBy =
    [description ? `${id}-hint` : null, errors?.length ? `${id}-error` : null]
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
        {required ? (
          <span aria-hidden className="text-red-600">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {children(describedBy, Boolean(errors?.length))}
      {description ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500">
          {description}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm text-red-600">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

export function NumberInput({
  value,
  onChange,
  integer,
  ...rest
}: {
  value: unknown;
  onChange: (value: unknown) => void;
  integer: boolean;
  id: string;
  required: boolean;
  'aria-describedby': string | undefined;
  'aria-invalid': boolean | undefined;
}) {
  // Its own text, so a half-typed number ("-", "1.") is not wiped by a re-render.
  const [text, setText] = useState(typeof value === 'number' ? String(value) : '');
  return (
    <Input
      {...rest}
      type="number"
      inputMode={integer ? 'numeric' : 'decimal'}
      step={integer ? 1 : 'any'}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        const trimmed = event.target.value.trim();
        onChange(trimmed === '' ? undefined : Number(trimmed));
      }}
    />
  );
}

export function JsonInput({
  value,
  onChange,
  ...rest
}: {
  value: unknown;
  onChange: (value: unknown) => void;
  required: boolean;
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': boolean | undefined;
}) {
  const [text, setText] = useState(
    value === undefined
      ? ''
      : value instanceof UnparsedJson
        ? value.text
        : JSON.stringify(value, null, 2),
  );
  return (
    <Textarea
      {...rest}
      className="min-h-20 font-mono text-xs"
      spellCheck={false}
      value={text}
      placeholder="JSON"
      onChange={(event) => {
        setText(event.target.value);
        if (event.target.value.trim() === '') return onChange(undefined);
        try {
          onChange(JSON.parse(event.target.value));
        } catch {
          onChange(new UnparsedJson(event.target.value));
        }
      }}
    />
  );
}
