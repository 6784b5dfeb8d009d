'use client';

import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import type { CatalogToolOption } from '@/lib/agent-config/effective-preview';
import { profileToolLimitText } from '@/lib/agent-config/tool-limit';

function groupByServer(tools: CatalogToolOption[]): Array<[string, CatalogToolOption[]]> {
  const groups = new Map<string, CatalogToolOption[]>();
  for (const tool of tools) {
    const list = groups.get(tool.serverName) ?? [];
    list.push(tool);
    groups.set(tool.serverName, list);
  }
  return [...groups.entries()];
}

/** All enabled tools, or a chosen subset of them. */
export function ToolsPicker({
  catalog,
  allTools,
  toolIds,
  onChange,
  disabled,
}: {
  catalog: CatalogToolOption[];
  allTools: boolean;
  toolIds: string[];
  onChange: (next: { allTools: boolean; toolIds: string[] }) => void;
  disabled?: boolean;
}) {
  const chosen = new Set(toolIds);
  const known = new Set(catalog.map((t) => t.id));
  const missing = toolIds.filter((id) => !known.has(id)).length;
  const overLimit = profileToolLimitText({
    enabledToolIds: catalog.map((t) => t.id),
    allTools,
    toolIds,
  });
  const radio = 'size-4 accent-indigo-600';

  return (
    <fieldset className="space-y-3" disabled={disabled}>
      <legend className="text-sm font-medium text-zinc-800">Tools the agent may use</legend>
      <div className="space-y-2 text-sm">
        <label className="flex items-start gap-2">
          <input
            type="radio"
            name="tools-mode"
            className={`${radio} mt-0.5`}
            checked={allTools}
            onChange={() => onChange({ allTools: true, toolIds })}
          />
          <span>
            All enabled tools
            <span className="block text-xs text-zinc-500">
              {catalog.length === 0
                ? 'None are enabled right now; tools enabled later are used too.'
                : `${catalog.length} now; tools enabled later are used too.`}
            </span>
          </span>
        </label>
        <label className="flex items-start gap-2">
          <input
            type="radio"
            name="tools-mode"
            className={`${radio} mt-0.5`}
            checked={!allTools}
            onChange={() => onChange({ allTools: false, toolIds })}
          />
          <span>
            Only the tools I choose
            <span className="block text-xs text-zinc-500">
              Tools enabled later are not used until you choose them here.
            </span>
          </span>
        </label>
      </div>
      {overLimit ? (
        <Alert tone="warning" title="More tools than the model accepts">
          {overLimit}
        </Alert>
      ) : null}

      {catalog.length === 0 ? (
        <EmptyState
          title="No tools are enabled yet"
          description="Register an MCP server and enable its tools; this profile can then use them. Until then the agent can only talk."
          action={
            <Link
              href="/tools"
              className="text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              Set up tools
            </Link>
          }
        />
      ) : !allTools ? (
        <div className="space-y-3 rounded-md border border-zinc-200 p-3">
          {groupByServer(catalog).map(([server, tools]) => (
            <fieldset key={server} className="space-y-2">
              <legend className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">
                {server}
              </legend>
              {tools.map((tool) => (
                <label key={tool.id} className="flex items-start gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="mt-0.5 size-4 accent-indigo-600"
                    checked={chosen.has(tool.id)}
                    onChange={(event) => {
                      const next = new Set(chosen);
                      if (event.target.checked) next.add(tool.id);
                      else next.delete(tool.id);
                      onChange({ allTools: false, toolIds: [...next] });
                    }}
                  />
                  <span className="min-w-0">
                    <span className="font-mono text-xs">{tool.functionName}</span>
                    {tool.description ? (
                      <span className="block text-xs break-words text-zinc-500">
                        {tool.description}
                      </span>
                    ) : null}
                  </span>
                </label>
              ))}
            </fieldset>
          ))}
        </div>
      ) : null}
      {!allTools && missing > 0 ? (
        <p className="text-xs text-zinc-500">
          {missing} chosen tool{missing === 1 ? ' is' : 's are'} not enabled right now, so{' '}
          {missing === 1 ? 'it is' : 'they are'} not used; the choice is kept in case{' '}
          {missing === 1 ? 'it comes' : 'they come'} back.
        </p>
      ) : null}
    </fieldset>
  );
}
