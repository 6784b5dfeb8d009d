'use client';

import { useState, type FormEvent } from 'react';
import {
  createMcpServer,
  updateMcpServer,
  type SaveServerData,
} from '@/server/actions/mcp-servers';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import type { ServerRow } from '@/lib/db/mcp-servers';
import { useActionForm } from '@/components/ui/use-action-form';
import { HeadersEditor, headerPayload, newHeaderRow, type HeaderRow } from './headers-editor';
import { McpFailureAlert, mcpFailureOf, type McpFailureView } from './mcp-failure-alert';

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
  const [failure, setFailure] = useState<McpFailureView | null>(null);
  const { pending, fieldErrors, formError, run } = useActionForm();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    const payload = { name, url, headers: headerPayload(headers) };
    run(
      () => (server ? updateMcpServer({ id: server.id, ...payload }) : createMcpServer(payload)),
      {
        onOk: (data) => onSaved(data),
        // A connection test that failed is shown with its reason and what to do next.
        onFailure: (error) => {
          const mcp = mcpFailureOf(error);
          if (mcp) setFailure(mcp);
          return mcp !== null;
        },
      },
    );
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
