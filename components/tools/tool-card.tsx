'use client';

import { FlaskConical } from 'lucide-react';
import Link from 'next/link';
import { useId, useOptimistic, type FormEvent } from 'react';
import { toast } from 'sonner';
import { updateMcpToolSettings } from '@/server/actions/mcp-tools';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/field';
import { Switch } from '@/components/ui/switch';
import { useAction } from '@/components/ui/use-action';
import type { ToolRow } from '@/lib/db/mcp-tools';
import { TOOL_BUDGET_BYTES, TOOL_TIMEOUT_MS } from '@/lib/mcp/tool-limits';
import { formatBytes } from '@/lib/format-bytes';

function SettingSwitch({
  label,
  checked,
  disabled,
  onChange,
  hint,
  busy,
}: {
  label: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (value: boolean) => void;
  hint?: string;
  /** the change is being saved */
  busy?: boolean;
}) {
  const id = useId();
  return (
    <div className="flex items-start gap-3">
      <Switch
        id={id}
        checked={checked}
        disabled={disabled}
        aria-busy={busy || undefined}
        onCheckedChange={onChange}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <div className="min-w-0">
        <label htmlFor={id} className="text-sm font-medium text-zinc-800">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-zinc-500">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

function LimitsForm({ tool }: { tool: ToolRow }) {
  const save = useAction(updateMcpToolSettings, {
    onOk: () => toast.success(`Limits of ${tool.name} saved.`),
  });
  const errors = save.failure?.fieldErrors ?? {};

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const read = (name: string) => {
      const text = String(form.get(name) ?? '').trim();
      return text === '' ? Number.NaN : Number(text);
    };
    save.run({
      toolId: tool.id,
      timeoutSeconds: read('timeoutSeconds'),
      resultBudgetBytes: read('resultBudgetBytes'),
    });
  }

  return (
    <form
      method="post"
      onSubmit={submit}
      noValidate
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-start"
    >
      <Field
        label="Time limit (seconds)"
        errors={errors.timeoutSeconds}
        hint={`${TOOL_TIMEOUT_MS.min / 1000} to ${TOOL_TIMEOUT_MS.max / 1000}; default 20.`}
      >
        {(props) => (
          <Input
            {...props}
            name="timeoutSeconds"
            type="number"
            inputMode="numeric"
            min={TOOL_TIMEOUT_MS.min / 1000}
            max={TOOL_TIMEOUT_MS.max / 1000}
            step={1}
            defaultValue={tool.timeoutMs / 1000}
          />
        )}
      </Field>
      <Field
        label="Result budget (bytes)"
        errors={errors.resultBudgetBytes}
        hint={`${TOOL_BUDGET_BYTES.min} to ${TOOL_BUDGET_BYTES.max} (${TOOL_BUDGET_BYTES.max / 1024} KB); now ${formatBytes(tool.resultBudgetBytes)}. The model gets at most this much.`}
      >
        {(props) => (
          <Input
            {...props}
            name="resultBudgetBytes"
            type="number"
            inputMode="numeric"
            min={TOOL_BUDGET_BYTES.min}
            max={TOOL_BUDGET_BYTES.max}
            step={1}
            defaultValue={tool.resultBudgetBytes}
          />
        )}
      </Field>
      <Button type="submit" variant="secondary" pending={save.pending} className="sm:mt-6.5">
        Save limits
      </Button>
      {save.failure?.formError ? (
        <p className="text-sm text-red-600 sm:col-span-3">{save.failure.formError}</p>
      ) : null}
    </form>
  );
}

export function ToolCard({ tool }: { tool: ToolRow }) {
  const headingId = useId();
  const [shown, setShown] = useOptimistic({
    enabled: tool.enabled,
    needsConfirmation: tool.needsConfirmation,
  });
  const removed = tool.removedAt !== null;
  const setting = useAction(updateMcpToolSettings, { toast: true });
  const pending = setting.pending;

  function change(patch: { enabled?: boolean; needsConfirmation?: boolean }) {
    setting.run(
      { toolId: tool.id, ...patch },
      {
        onStart: () => setShown((current) => ({ ...current, ...patch })),
        onOk: () => {
          if (patch.enabled !== undefined)
            toast.success(`${tool.name} ${patch.enabled ? 'enabled' : 'disabled'}.`);
        },
      },
    );
  }

  return (
    <Card>
      <section aria-labelledby={headingId}>
        <CardBody className="space-y-4">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div className="min-w-0">
              <h3
                id={headingId}
                className="font-mono text-sm font-semibold break-all text-zinc-900"
              >
                {tool.name}
              </h3>
              {tool.title ? <p className="text-sm text-zinc-700">{tool.title}</p> : null}
              <div className="mt-1 flex flex-wrap gap-1.5">
                {removed ? <Badge tone="neutral">Removed by the server</Badge> : null}
                {tool.problem ? <Badge tone="danger">Cannot be enabled</Badge> : null}
                {tool.givenToModel ? (
                  <Badge tone="success">Given to the model</Badge>
                ) : (
                  <Badge>Not given to the model</Badge>
                )}
                {shown.needsConfirmation ? (
                  <Badge tone="warning">Asks the caller first</Badge>
                ) : null}
              </div>
            </div>
            {removed ? null : (
              <Button asChild variant="secondary" size="sm">
                <Link href={`/tools/${tool.serverId}/${tool.id}`} aria-label={`Try ${tool.name}`}>
                  <FlaskConical aria-hidden className="size-4" />
                  Try
                </Link>
              </Button>
            )}
          </div>
          {tool.description ? (
            <p className="text-sm whitespace-pre-line text-zinc-700">{tool.description}</p>
          ) : null}
          {tool.problem ? (
            <Alert tone="warning" title="This tool cannot be enabled">
              {tool.problem}
            </Alert>
          ) : null}
          {removed ? null : (
            <>
              <div className="grid gap-3 sm:grid-cols-2">
                <SettingSwitch
                  label="Enabled"
                  checked={shown.enabled}
                  disabled={pending || (Boolean(tool.problem) && !shown.enabled)}
                  busy={pending}
                  onChange={(enabled) => change({ enabled })}
                  hint="The agent may call it."
                />
                <SettingSwitch
                  label="Needs the caller's confirmation"
                  checked={shown.needsConfirmation}
                  disabled={pending}
                  busy={pending}
                  onChange={(needsConfirmation) => change({ needsConfirmation })}
                  hint="The agent asks before running it."
                />
              </div>
              <LimitsForm key={`${tool.timeoutMs}:${tool.resultBudgetBytes}`} tool={tool} />
            </>
          )}
          {tool.modelFunction ? (
            <details className="rounded-md border border-zinc-200 bg-zinc-50 text-sm">
              <summary className="cursor-pointer px-3 py-2 font-medium text-zinc-800 focus-visible:outline-2 focus-visible:outline-indigo-600">
                What the model is given
                {tool.modelFunction.name !== tool.name ? ` (as ${tool.modelFunction.name})` : ''}
              </summary>
              {tool.nameNote ? (
                <p className="px-3 pb-2 text-xs text-amber-800">Renamed: {tool.nameNote}</p>
              ) : null}
              {tool.schemaNotes.length > 0 ? (
                <ul
                  aria-label="How the model’s schema differs from the server’s"
                  className="list-disc px-3 pb-2 pl-7 text-xs text-amber-800"
                >
                  {tool.schemaNotes.map((note) => (
                    <li key={note}>{note}</li>
                  ))}
                </ul>
              ) : null}
              <pre
                aria-label={`Function definition of ${tool.name}`}
                className="max-h-96 overflow-auto border-t border-zinc-200 px-3 py-2 font-mono text-xs whitespace-pre-wrap text-zinc-800"
              >
                {JSON.stringify(tool.modelFunction, null, 2)}
              </pre>
            </details>
          ) : null}
        </CardBody>
      </section>
    </Card>
  );
}
