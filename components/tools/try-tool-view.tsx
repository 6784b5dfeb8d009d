'use client';

import { Play } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { tryMcpTool } from '@/server/actions/mcp-tools';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Textarea } from '@/components/ui/field';
import { Switch } from '@/components/ui/switch';
import { useAction } from '@/components/ui/use-action';
import type { ToolRow } from '@/lib/db/mcp-tools';
import type { ArgError } from '@/lib/mcp/validate-args';
import { formatMs } from './format';
import { McpFailureAlert } from './mcp-failure-alert';
import { ObjectFields, type ErrorsByPath } from './schema-form';
import {
  asSchema,
  findUnparsed,
  initialValue,
  kindOf,
  requiredOf,
  toArguments,
} from './schema-form-model';
import { ToolResult } from './tool-result';

function groupErrors(errors: ArgError[]): ErrorsByPath {
  const grouped: ErrorsByPath = {};
  for (const error of errors) (grouped[error.path] ??= []).push(error.message);
  return grouped;
}

export function TryToolView({ tool }: { tool: ToolRow }) {
  const schema = asSchema(tool.inputSchema) ?? { type: 'object' };
  const formable = kindOf(schema) === 'object';
  const jsonId = useId();
  const switchId = useId();
  const [values, setValues] = useState<Record<string, unknown>>(
    () => (asSchema(initialValue(schema, true)) ?? {}) as Record<string, unknown>,
  );
  const [formKey, setFormKey] = useState(0);
  const [raw, setRaw] = useState(!formable);
  const [jsonText, setJsonText] = useState(() => JSON.stringify(toArguments(values), null, 2));
  const [argErrors, setArgErrors] = useState<ArgError[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const trial = useAction(tryMcpTool, {
    onFailure: ({ error }) => {
      // Arguments the server's schema refuses are shown under the fields they name.
      const fromServer = error?.code === 'invalid_input' ? error.details?.argErrors : undefined;
      if (fromServer) setArgErrors(fromServer);
    },
  });
  const outcome = trial.data;
  const failure = trial.failure;

  function switchMode(toRaw: boolean) {
    setProblem(null);
    if (toRaw) {
      setJsonText(JSON.stringify(toArguments(values), null, 2));
      setRaw(true);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(jsonText || '{}');
      const object = asSchema(parsed);
      if (!object) throw new Error('not an object');
      setValues(object);
      setFormKey((key) => key + 1);
      setRaw(false);
    } catch {
      setProblem('Fix the JSON first: the arguments must be one JSON object.');
    }
  }

  function currentArgs(): Record<string, unknown> | null {
    if (raw) {
      try {
        const object = asSchema(JSON.parse(jsonText || '{}'));
        if (object) return object;
      } catch {
        // reported below
      }
      setProblem('The arguments are not valid JSON: they must be one JSON object.');
      return null;
    }
    const unparsed = findUnparsed(values);
    if (unparsed.length > 0) {
      setArgErrors(unparsed.map((path) => ({ path, message: 'is not valid JSON' })));
      return null;
    }
    return (toArguments(values) ?? {}) as Record<string, unknown>;
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    setArgErrors([]);
    trial.reset();
    const args = currentArgs();
    if (!args) return;
    // The action checks the arguments against the tool's schema (ajv's words) before anything
    // is sent to the server. Not here: ajv compiles a schema with new Function, which the
    // pages' Content-Security-Policy (no 'unsafe-eval') forbids.
    trial.run({ toolId: tool.id, args });
  }

  const errorsByPath = groupErrors(argErrors);

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="Arguments"
          description={`Sent to the server as they are, with this tool's time limit (${formatMs(tool.timeoutMs)}).`}
        />
        <CardBody>
          <form method="post" onSubmit={submit} noValidate className="space-y-4">
            {formable ? (
              <div className="flex items-center gap-3">
                <Switch id={switchId} checked={raw} onCheckedChange={switchMode} />
                <label htmlFor={switchId} className="text-sm font-medium text-zinc-800">
                  Edit as raw JSON
                </label>
              </div>
            ) : (
              <p className="text-sm text-zinc-600">
                This tool&apos;s input schema is not one the form can show; edit the arguments as
                JSON.
              </p>
            )}
            {argErrors.length > 0 ? (
              <Alert tone="error" title="The arguments do not match the tool's input schema">
                <ul className="list-disc pl-4">
                  {argErrors.map((error, index) => (
                    <li key={index}>
                      {error.path ? <span className="font-mono">{error.path}</span> : 'arguments'}:{' '}
                      {error.message}
                    </li>
                  ))}
                </ul>
              </Alert>
            ) : null}
            {problem ? <Alert tone="error">{problem}</Alert> : null}
            {failure?.formError && argErrors.length === 0 ? (
              <Alert tone="error">{failure.formError}</Alert>
            ) : null}
            {raw ? (
              <div className="space-y-1.5">
                <label htmlFor={jsonId} className="block text-sm font-medium text-zinc-800">
                  Arguments (JSON)
                </label>
                <Textarea
                  id={jsonId}
                  value={jsonText}
                  onChange={(event) => setJsonText(event.target.value)}
                  spellCheck={false}
                  className="min-h-48 font-mono text-xs"
                />
              </div>
            ) : (
              <div key={formKey} className="space-y-4">
                {Object.keys(asSchema(schema.properties) ?? {}).length === 0 ? (
                  <p className="text-sm text-zinc-600">This tool takes no arguments.</p>
                ) : null}
                <ObjectFields
                  schema={schema}
                  needed={requiredOf(schema)}
                  value={values}
                  path={[]}
                  errors={errorsByPath}
                  onChange={setValues}
                />
              </div>
            )}
            <Button type="submit" pending={trial.pending}>
              {trial.pending ? null : <Play aria-hidden className="size-4" />}
              Run tool
            </Button>
          </form>
        </CardBody>
      </Card>

      <div aria-live="polite">
        {outcome ? (
          <ToolResult result={outcome.result} ms={outcome.ms} callMs={outcome.callMs} />
        ) : failure?.mcp ? (
          <McpFailureAlert title="The call failed" failure={failure.mcp} />
        ) : null}
      </div>
    </div>
  );
}
