import 'server-only';
import { z } from 'zod';
import { Id, ServerName } from '@/server/stdio-servers';

/**
 * Remote (HTTP) MCP servers in the console: the input schemas of their create and update
 * actions (server/actions/mcp-servers.ts), beside the local ones' (server/stdio-servers.ts).
 */

// Headers the transport sets itself; a configured value would break the protocol.
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'accept',
  'connection',
  'transfer-encoding',
  'mcp-session-id',
  'mcp-protocol-version',
  'last-event-id',
]);

const HeaderName = z
  .string()
  .trim()
  .min(1, 'Enter the header name.')
  .max(100, 'Use at most 100 characters.')
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'Use letters, digits and dashes, e.g. Authorization.')
  .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), {
    message: 'The MCP client sets this header itself.',
  });
const HeaderValue = z
  .string()
  .trim()
  .min(1, 'Enter a value.')
  .max(8_192, 'Use at most 8192 characters.')
  .refine((value) => !/[\r\n\0]/.test(value), { message: 'A header value is one line.' });

const NewHeader = z.object({ name: HeaderName, value: HeaderValue });
const KeptHeader = z.object({ name: HeaderName, keep: z.literal(true) });

function uniqueNames(headers: Array<{ name: string }>, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  headers.forEach((header, index) => {
    const key = header.name.toLowerCase();
    if (seen.has(key))
      ctx.addIssue({ code: 'custom', path: [index, 'name'], message: 'This header is twice.' });
    seen.add(key);
  });
}

const ServerUrl = z
  .string()
  .trim()
  .min(1, 'Enter the URL of the MCP endpoint.')
  .max(2_000, 'Use at most 2000 characters.');

export const CreateMcpServer = z.object({
  kind: z.literal('http'),
  name: ServerName,
  url: ServerUrl,
  headers: z.array(NewHeader).max(20).superRefine(uniqueNames),
});

export const UpdateMcpServer = z.object({
  kind: z.literal('http'),
  id: Id,
  name: ServerName,
  url: ServerUrl,
  headers: z
    .array(z.union([KeptHeader, NewHeader]))
    .max(20)
    .superRefine(uniqueNames),
});
