import fs from 'node:fs';
import path from 'node:path';

/**
 * The SQLite database file. A relative `file:` URL is resolved against the repository root
 * (the folder holding prisma/schema.prisma), so the console, the agent (which runs from
 * agent/) and the Prisma CLI all open the same file.
 */
export const DEFAULT_DATABASE_URL = 'file:./data/console.db';

export function repositoryRoot(from: string = process.cwd()): string {
  let dir = path.resolve(/*turbopackIgnore: true*/ from);
  for (;;) {
    if (fs.existsSync(/*turbopackIgnore: true*/ path.join(dir, 'prisma', 'schema.prisma')))
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(/*turbopackIgnore: true*/ from);
    dir = parent;
  }
}

export function databaseUrl(raw: string | undefined = process.env.DATABASE_URL): string {
  const url = raw && raw.length > 0 ? raw : DEFAULT_DATABASE_URL;
  if (!url.startsWith('file:')) return url;
  const file = url.slice('file:'.length);
  return path.isAbsolute(file) ? url : `file:${path.resolve(repositoryRoot(), file)}`;
}

/** The file a `file:` URL names (null for other URLs). */
export function databaseFile(url: string): string | null {
  return url.startsWith('file:') ? url.slice('file:'.length) : null;
}

/** A server URL as it may be shown or logged: the password left out. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '';
    return parsed.toString();
  } catch {
    return '(an unparsable database URL)';
  }
}
