import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import type { McpCallResult } from '@/lib/mcp/types';
import { formatBytes } from '@/lib/format-bytes';
import { formatMs } from './format';

/** A tool's answer as the server returned it: every content item, structured content, isError. */

const BASE64 = /^[A-Za-z0-9+/=\s]*$/;
const MEDIA_TYPE = /^[a-z]+\/[a-z0-9.+-]+$/i;

function dataUrl(mimeType: unknown, data: unknown, kind: 'image' | 'audio'): string | null {
  if (typeof mimeType !== 'string' || typeof data !== 'string') return null;
  if (!MEDIA_TYPE.test(mimeType) || !mimeType.toLowerCase().startsWith(`${kind}/`)) return null;
  if (!BASE64.test(data)) return null;
  return `data:${mimeType};base64,${data.replace(/\s/g, '')}`;
}

function base64Size(data: unknown): number {
  return typeof data === 'string' ? Math.floor((data.replace(/\s/g, '').length * 3) / 4) : 0;
}

function Pre({ label, children }: { label: string; children: string }) {
  return (
    <pre
      aria-label={label}
      className="max-h-[28rem] overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs whitespace-pre-wrap text-zinc-100"
    >
      {children}
    </pre>
  );
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function ContentItem({ item, index }: { item: McpCallResult['content'][number]; index: number }) {
  const n = index + 1;
  switch (item.type) {
    case 'text':
      return <Pre label={`Text content ${n}`}>{str(item.text)}</Pre>;
    case 'image': {
      const src = dataUrl(item.mimeType, item.data, 'image');
      return src ? (
        // eslint-disable-next-line @next/next/no-img-element -- a data URL from the tool's answer
        <img
          src={src}
          alt={`Image content ${n} (${str(item.mimeType)})`}
          className="max-h-96 max-w-full rounded-md border border-zinc-200"
        />
      ) : (
        <p className="text-sm text-zinc-600">Image content {n} in a form that cannot be shown.</p>
      );
    }
    case 'audio': {
      const src = dataUrl(item.mimeType, item.data, 'audio');
      return src ? (
        <audio controls src={src} aria-label={`Audio content ${n}`} />
      ) : (
        <p className="text-sm text-zinc-600">Audio content {n} in a form that cannot be played.</p>
      );
    }
    case 'resource_link':
      return (
        <div className="rounded-md border border-zinc-200 p-3 text-sm">
          <p className="font-medium">{str(item.title) || str(item.name) || 'Resource link'}</p>
          <p className="font-mono text-xs break-all text-zinc-600">{str(item.uri)}</p>
          {item.mimeType ? <p className="text-xs text-zinc-500">{str(item.mimeType)}</p> : null}
          {item.description ? <p className="mt-1 text-zinc-700">{str(item.description)}</p> : null}
        </div>
      );
    case 'resource': {
      const resource = (item.resource ?? {}) as Record<string, unknown>;
      const image = dataUrl(resource.mimeType, resource.blob, 'image');
      return (
        <div className="space-y-2 rounded-md border border-zinc-200 p-3 text-sm">
          <p className="font-mono text-xs break-all text-zinc-600">
            Resource {str(resource.uri)} {resource.mimeType ? `(${str(resource.mimeType)})` : ''}
          </p>
          {typeof resource.text === 'string' ? (
            <Pre label={`Resource content ${n}`}>{resource.text}</Pre>
          ) : image ? (
            // eslint-disable-next-line @next/next/no-img-element -- a data URL from the tool's answer
            <img src={image} alt={`Resource image ${n}`} className="max-h-96 max-w-full" />
          ) : (
            <p className="text-zinc-600">Binary, {formatBytes(base64Size(resource.blob))}.</p>
          )}
        </div>
      );
    }
    default:
      return <Pre label={`Content ${n} (${item.type})`}>{JSON.stringify(item, null, 2)}</Pre>;
  }
}

export function ToolResult({
  result,
  ms,
  callMs,
}: {
  result: McpCallResult;
  ms: number;
  callMs: number;
}) {
  const content = Array.isArray(result.content) ? result.content : [];
  return (
    <section aria-label="Result" className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-base font-semibold text-zinc-900">Result</h2>
        <Badge tone={result.isError ? 'danger' : 'success'}>
          {result.isError ? 'isError: true' : 'Answered'}
        </Badge>
        <span className="text-sm text-zinc-600">
          The call took {formatMs(callMs)} ({formatMs(ms)} with connecting).
        </span>
      </div>
      {result.isError ? (
        <Alert tone="error" title="The tool reported an error">
          The agent tells the model plainly that this call failed.
        </Alert>
      ) : null}
      {content.length === 0 ? <p className="text-sm text-zinc-600">No content items.</p> : null}
      {content.map((item, index) => (
        <ContentItem key={index} item={item} index={index} />
      ))}
      {result.structuredContent !== undefined ? (
        <div className="space-y-1">
          <h3 className="text-sm font-medium text-zinc-800">Structured content</h3>
          <Pre label="Structured content">{JSON.stringify(result.structuredContent, null, 2)}</Pre>
        </div>
      ) : null}
      <details className="text-sm">
        <summary className="cursor-pointer font-medium text-zinc-700">Raw answer (JSON)</summary>
        <Pre label="Raw answer">{JSON.stringify(result, null, 2)}</Pre>
      </details>
    </section>
  );
}
