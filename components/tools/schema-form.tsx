'use client';

import { Plus, Trash2 } from 'lucide-react';
import { useId, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { JsonInput, NumberInput, Row } from './schema-form-inputs';
import {
  asSchema,
  enumValues,
  kindOf,
  newItemValue,
  pathKey,
  propertiesOf,
  requiredOf,
  type Schema,
} from './schema-form-model';

export type ErrorsByPath = Record<string, string[]>;

interface FieldProps {
  schema: unknown;
  label: string;
  path: Array<string | number>;
  required: boolean;
  value: unknown;
  onChange: (value: unknown) => void;
  errors: ErrorsByPath;
  /** array items keep '' (an empty string is a value there, not an omission) */
  inArray?: boolean;
}

/** An object or array argument: a fieldset with its label, description and errors. */
function GroupFieldset({
  label,
  required,
  description,
  errors,
  children,
}: {
  label: string;
  required: boolean;
  description: string | undefined;
  errors: string[] | undefined;
  children: ReactNode;
}) {
  return (
    <fieldset className="space-y-3 rounded-md border border-zinc-200 p-3">
      <legend className="px-1 text-sm font-medium text-zinc-800">
        {label}
        {required ? (
          <span aria-hidden className="text-red-600">
            {' '}
            *
          </span>
        ) : null}
      </legend>
      {description ? <p className="text-xs text-zinc-500">{description}</p> : null}
      {errors?.length ? <p className="text-sm text-red-600">{errors.join(' ')}</p> : null}
      {children}
    </fieldset>
  );
}

export function SchemaField(props: FieldProps) {
  const { schema: raw, label, path, required, value, onChange, errors, inArray } = props;
  const id = useId();
  const schema: Schema = asSchema(raw) ?? {};
  const kind = kindOf(raw);
  const description = typeof schema.description === 'string' ? schema.description : undefined;
  const fieldErrors = errors[pathKey(path)];
  const shownLabel =
    typeof schema.title === 'string' && !inArray ? `${schema.title} (${label})` : label;

  if (kind === 'object') {
    const needed = requiredOf(schema);
    const current = asSchema(value) ?? {};
    return (
      <GroupFieldset
        label={shownLabel}
        required={required}
        description={description}
        errors={fieldErrors}
      >
        <ObjectFields
          schema={schema}
          needed={needed}
          value={current}
          path={path}
          errors={errors}
          onChange={(next) =>
            onChange(Object.keys(next).length === 0 && !required ? undefined : next)
          }
        />
      </GroupFieldset>
    );
  }

  if (kind === 'array') {
    const items = Array.isArray(value) ? value : [];
    const set = (next: unknown[]) => onChange(next.length === 0 && !required ? undefined : next);
    return (
      <GroupFieldset
        label={shownLabel}
        required={required}
        description={description}
        errors={fieldErrors}
      >
        {items.map((item, index) => (
          <div key={index} className="flex items-start gap-2">
            <div className="min-w-0 flex-1">
              <SchemaField
                schema={schema.items}
                label={`${label} item ${index + 1}`}
                path={[...path, index]}
                required
                inArray
                value={item}
                errors={errors}
                onChange={(next) => set(items.map((old, i) => (i === index ? next : old)))}
              />
            </div>
            <Button
              type="button"
              variant="ghost"
              className="mt-6"
              aria-label={`Remove ${label} item ${index + 1}`}
              onClick={() => set(items.filter((_, i) => i !== index))}
            >
              <Trash2 aria-hidden className="size-4" />
            </Button>
          </div>
        ))}
        <Button
          type="button"
          size="sm"
          variant="secondary"
          onClick={() => set([...items, newItemValue(schema.items)])}
        >
          <Plus aria-hidden className="size-4" />
          Add {label} item
        </Button>
      </GroupFieldset>
    );
  }

  return (
    <Row
      id={id}
      label={shownLabel}
      required={required}
      description={description}
      errors={fieldErrors}
    >
      {(describedBy, invalid) => {
        const common = {
          id,
          required,
          'aria-describedby': describedBy,
          'aria-invalid': invalid || undefined,
        };
        switch (kind) {
          case 'string':
            return (
              <Input
                {...common}
                value={typeof value === 'string' ? value : ''}
                onChange={(event) =>
                  onChange(event.target.value === '' && !inArray ? undefined : event.target.value)
                }
              />
            );
          case 'number':
          case 'integer':
            return (
              <NumberInput
                {...common}
                integer={kind === 'integer'}
                value={value}
                onChange={onChange}
              />
            );
          case 'boolean':
            return required ? (
              <input
                {...common}
                type="checkbox"
                className="size-4 accent-indigo-600"
                checked={value === true}
                onChange={(event) => onChange(event.target.checked)}
              />
            ) : (
              <Select
                {...common}
                value={value === undefined ? '' : String(value)}
                onChange={(event) =>
                  onChange(event.target.value === '' ? undefined : event.target.value === 'true')
                }
              >
                <option value="">(not set)</option>
                <option value="true">true</option>
                <option value="false">false</option>
              </Select>
            );
          case 'enum': {
            const options = enumValues(schema) ?? [];
            const index = options.findIndex((option) => Object.is(option, value));
            return (
              <Select
                {...common}
                value={index === -1 ? '' : String(index)}
                onChange={(event) =>
                  onChange(
                    event.target.value === '' ? undefined : options[Number(event.target.value)],
                  )
                }
              >
                <option value="">{required ? 'Choose…' : '(not set)'}</option>
                {options.map((option, i) => (
                  <option key={i} value={String(i)}>
                    {typeof option === 'string' ? option : JSON.stringify(option)}
                  </option>
                ))}
              </Select>
            );
          }
          default:
            return <JsonInput {...common} value={value} onChange={onChange} />;
        }
      }}
    </Row>
  );
}

export function ObjectFields({
  schema,
  needed,
  value,
  path,
  errors,
  onChange,
}: {
  schema: Schema;
  needed: Set<string>;
  value: Record<string, unknown>;
  path: Array<string | number>;
  errors: ErrorsByPath;
  onChange: (value: Record<string, unknown>) => void;
}) {
  return (
    <>
      {propertiesOf(schema).map(([name, child]) => (
        <SchemaField
          key={name}
          schema={child}
          label={name}
          path={[...path, name]}
          required={needed.has(name)}
          value={value[name]}
          errors={errors}
          onChange={(next) => {
            const copy = { ...value };
            if (next === undefined) delete copy[name];
            else copy[name] = next;
            onChange(copy);
          }}
        />
      ))}
    </>
  );
}
