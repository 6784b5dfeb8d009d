'use client';

import { useState, type FormEvent } from 'react';
import {
  createMcpServer,
  updateMcpServer,
  type SaveServerData,
} from '@/server/actions/mcp-servers';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field, Input, Textarea } from '@/components/ui/field';
import type { ServerKind, ServerRow } from '@/lib/db/mcp-servers';
import { useAction } from '@/components/ui/use-action';
import { HeadersEditor, headerPayload, newHeaderRow, type HeaderRow } from './headers-editor';
import { McpFailureAlert } from './mcp-failure-alert';

/** What an operator sets to allow local servers; the form says so where the choice is. */
export const STDIO_OFF_TEXT =
  'Local commands are turned off on this console. An operator can turn them on by setting MCP_STDIO_ENABLED=true for the console and the agent worker (they run the command on that host).';

/** One argument per line: no shell quoting to get wrong. Blank lines are dropped. */
function argsOf(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

function KindChoice({
  kind,
  onChange,
  stdioEnabled,
}: {
  kind: ServerKind;
  onChange: (kind: ServerKind) => void;
  stdioEnabled: boolean;
}) {
  // The hint sits beside the label, so each radio's name is its label alone.
  const option = (value: ServerKind, label: string, hint: string, disabled = false) => (
    <div
      className={`flex-1 rounded-md border p-3 text-sm ${
        kind === value ? 'border-indigo-600 bg-indigo-50' : 'border-zinc-200'
      } ${disabled ? 'opacity-60' : ''}`}
    >
      <label className={`flex gap-2 ${disabled ? '' : 'cursor-pointer'}`}>
        <input
          type="radio"
          name="kind"
          value={value}
          checked={kind === value}
          disabled={disabled}
          onChange={() => onChange(value)}
          aria-describedby={`kind-${value}-hint`}
          className="mt-0.5"
        />
        <span className="font-medium text-zinc-900">{label}</span>
      </label>
      <p id={`kind-${value}-hint`} className="mt-1 text-xs text-zinc-500">
        {hint}
      </p>
    </div>
  );
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-zinc-800">Where the server runs</legend>
      <div className="flex flex-col gap-2 sm:flex-row">
        {option(
          'http',
          'Remote (HTTP)',
          'An MCP endpoint on the network: Streamable HTTP or HTTP+SSE.',
        )}
        {option(
          'stdio',
          'Local command',
          'A program started on the console’s and the agent’s host, speaking MCP over stdin/stdout.',
          !stdioEnabled,
        )}
      </div>
      {stdioEnabled ? null : <p className="text-xs text-zinc-600">{STDIO_OFF_TEXT}</p>}
    </fieldset>
  );
}

/** Add or edit a server. Saving tests the connection first whenever how it is reached changes. */
export function ServerForm({
  server,
  stdioEnabled,
  onSaved,
  onCancel,
}: {
  /** absent: a new server */
  server?: ServerRow;
  /** MCP_STDIO_ENABLED: local commands may be registered */
  stdioEnabled: boolean;
  onSaved: (data: SaveServerData) => void;
  onCancel: () => void;
}) {
  const [kind, setKind] = useState<ServerKind>(server?.kind ?? 'http');
  const [name, setName] = useState(server?.name ?? '');
  const [url, setUrl] = useState(server?.url ?? '');
  const [command, setCommand] = useState(server?.command ?? '');
  const [args, setArgs] = useState((server?.args ?? []).join('\n'));
  const [headers, setHeaders] = useState<HeaderRow[]>(() =>
    server ? server.headers.map((h) => newHeaderRow({ name: h.name, mode: 'stored' })) : [],
  );
  const [env, setEnv] = useState<HeaderRow[]>(() =>
    server ? server.env.map((v) => newHeaderRow({ name: v.name, mode: 'stored' })) : [],
  );
  const save = useAction(server ? updateMcpServer : createMcpServer, { onOk: onSaved });
  const { pending } = save;
  const fieldErrors = save.failure?.fieldErrors ?? {};
  const formError = save.failure?.formError ?? null;
  // A connection test that failed is shown with its reason and what to do next.
  const failure = save.failure?.mcp ?? null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload =
      kind === 'stdio'
        ? { kind, name, command, args: argsOf(args), env: headerPayload(env) }
        : { kind, name, url, headers: headerPayload(headers) };
    save.run(server ? { id: server.id, ...payload } : payload);
  }

  return (
    <form method="post" onSubmit={submit} className="space-y-4" noValidate>
      {failure ? (
        <McpFailureAlert
          title={
            server
              ? 'Not saved: the new settings failed the connection test'
              : 'Not saved: the connection test failed'
          }
          failure={failure}
        />
      ) : null}
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {server ? null : <KindChoice kind={kind} onChange={setKind} stdioEnabled={stdioEnabled} />}
      <Field label="Name" errors={fieldErrors.name} hint="How admins and call logs refer to it.">
        {(props) => (
          <Input
            {...props}
            value={name}
            onChange={(event) => setName(event.target.value)}
            required
            maxLength={60}
            autoComplete="off"
          />
        )}
      </Field>
      {kind === 'stdio' ? (
        <>
          {server && !stdioEnabled ? <Alert tone="warning">{STDIO_OFF_TEXT}</Alert> : null}
          <Field
            label="Command"
            errors={fieldErrors.command}
            hint="The program to start, run without a shell: e.g. npx, uvx, or a full path."
          >
            {(props) => (
              <Input
                {...props}
                value={command}
                onChange={(event) => setCommand(event.target.value)}
                required
                autoComplete="off"
                spellCheck={false}
                placeholder="npx"
              />
            )}
          </Field>
          <Field
            label="Arguments"
            errors={fieldErrors.args}
            hint="One per line, each given to the command as it is (no quoting needed)."
          >
            {(props) => (
              <Textarea
                {...props}
                value={args}
                onChange={(event) => setArgs(event.target.value)}
                rows={3}
                autoComplete="off"
                spellCheck={false}
                placeholder={'-y\n@modelcontextprotocol/server-memory'}
              />
            )}
          </Field>
          <HeadersEditor rows={env} onChange={setEnv} errors={fieldErrors} field="env" />
        </>
      ) : (
        <>
          <Field
            label="URL"
            errors={fieldErrors.url}
            hint="The server's MCP endpoint, e.g. https://tools.example.com/mcp (Streamable HTTP, or HTTP+SSE)."
          >
            {(props) => (
              <Input
                {...props}
                value={url}
                onChange={(event) => setUrl(event.target.value)}
                required
                inputMode="url"
                autoComplete="off"
                spellCheck={false}
                placeholder="https://"
              />
            )}
          </Field>
          <HeadersEditor rows={headers} onChange={setHeaders} errors={fieldErrors} />
        </>
      )}
      <div className="flex flex-wrap items-center justify-end gap-2 pt-2">
        {pending ? (
          <span role="status" className="mr-auto text-sm text-zinc-600">
            {server
              ? 'Saving…'
              : kind === 'stdio'
                ? 'Starting the command…'
                : 'Testing the connection…'}
          </span>
        ) : null}
        <Button type="button" variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" pending={pending}>
          {server ? 'Save' : 'Test and save'}
        </Button>
      </div>
    </form>
  );
}
