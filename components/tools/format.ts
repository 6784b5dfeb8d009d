/** Small display helpers shared by the Tools pages. */

/** Where a server is: its URL, or for a local server the command line it is started with. */
export function serverLocation(server: {
  kind: 'http' | 'stdio';
  url: string;
  command: string | null;
  args: string[];
}): string {
  if (server.kind !== 'stdio') return server.url;
  return `$ ${[server.command ?? '', ...server.args].join(' ')}`;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? `${seconds} s` : `${seconds.toFixed(1)} s`;
}

export function formatWhen(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : 'never';
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
