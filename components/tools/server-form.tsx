'use client';

import { useState, useTransition, type FormEvent } from 'react';
import {
  createMcpServer,
  updateMcpServer,
  type SaveServerData,
} from '@/app/(console)/(admin)/tools/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import type { ServerRow } from '@/lib/db/mcp-servers';
import type { FieldErrors } from '@/lib/errors';
import { HeadersEditor, headerPayload, newHeaderRow, type HeaderRow } from './headers-editor';
import { McpFailureAlert, mcpFailureFromDetails, type McpFailureView } from './mcp-failure-alert';

/** Add or edit a server. Saving tests the connection first whenever the URL or headers change. */
export function ServerForm({
  server,
  onSaved,
  onCancel,
}: {
  /** absent: a new server */
  server?: ServerRow;
  onSaved: (data: SaveServerData) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(server?.name ?? '');
  const [url, setUrl] = useState(server?.url ?? '');
  const [headers, setHeaders] = useState<HeaderRow[]>(() =>
    server ? server.headers.map((h) => newHeaderRow({ name: h.name, mode: 'stored' })) : [],
  );
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [failure, setFailure] = useState<McpFailureView | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      setFailure(null);
      setFormError(null);
      setFieldErrors({});
      const payload = { name, url, headers: headerPayload(headers) };
      const result = server
        ? await updateMcpServer({ id: server.id, ...payload })
        : await createMcpServer(payload);
      if (result.ok) {
        onSaved(result.data);
        return;
      }
      const mcp = mcpFailureFromDetails(result.error.message, result.error.details);
      if (mcp) {
        setFailure(mcp);
        return;
      }
      const field = result.error.details?.field;
      if (typeof field === 'string') setFieldErrors({ [field]: [result.error.message] });
      else if (result.error.fieldErrors) setFieldErrors(result.error.fieldErrors);
      else setFormError(result.error.message);
    });
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
      <div className="flex flex-wrap items-center justify-end gap-2 pt-2">
        {pending ? (
          <span role="status" className="mr-auto text-sm text-zinc-600">
            {server ? 'Saving…' : 'Testing the connection…'}
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
