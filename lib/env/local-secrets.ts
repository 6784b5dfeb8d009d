import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { repositoryRoot } from '../db/database-url';

/**
 * Development only: secrets generated once into an ignored file (data/local-secrets.json),
 * so a fresh clone runs without setting any. Production requires them in the environment.
 */
const LocalSecrets = z.object({ authSecret: z.string().min(32), sealKey: z.string().min(40) });
export type LocalSecrets = z.infer<typeof LocalSecrets>;

export function localSecretsPath(): string {
  return path.join(repositoryRoot(), 'data', 'local-secrets.json');
}

export function loadOrCreateLocalSecrets(file: string = localSecretsPath()): LocalSecrets {
  try {
    return LocalSecrets.parse(JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const fresh: LocalSecrets = {
    authSecret: randomBytes(32).toString('base64url'),
    sealKey: randomBytes(32).toString('base64'),
  };
  fs.mkdirSync(/*turbopackIgnore: true*/ path.dirname(file), { recursive: true });
  try {
    // 'wx': when two processes start at once, the first one's secrets win.
    fs.writeFileSync(/*turbopackIgnore: true*/ file, JSON.stringify(fresh, null, 2), {
      flag: 'wx',
      mode: 0o600,
    });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return LocalSecrets.parse(JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ file, 'utf8')));
  }
}

/** Loads the repository's .env into process.env (values already set win), when it exists. */
export function loadDotEnv(): void {
  const file = path.join(repositoryRoot(), '.env');
  if (fs.existsSync(/*turbopackIgnore: true*/ file)) process.loadEnvFile(file);
}
