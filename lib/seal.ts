import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Sealing of stored secrets (MCP auth header values): AES-256-GCM with a 32-byte key.
 * Format: `v1.<iv b64url>.<tag b64url>.<ciphertext b64url>`.
 */
const VERSION = 'v1';

export function parseSealKey(encoded: string): Buffer {
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== 32) {
    throw new Error('SEAL_KEY must be 32 random bytes, base64-encoded (openssl rand -base64 32)');
  }
  return key;
}

export function generateSealKey(): string {
  return randomBytes(32).toString('base64');
}

export function seal(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    VERSION,
    iv.toString('base64url'),
    tag.toString('base64url'),
    body.toString('base64url'),
  ].join('.');
}

export function unseal(sealed: string, key: Buffer): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined) {
    throw new Error('Sealed value has an unknown format');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(body, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}
