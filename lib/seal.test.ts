import { describe, expect, it } from 'vitest';
import { generateSealKey, parseSealKey, seal, unseal } from './seal';

describe('seal', () => {
  const key = parseSealKey(generateSealKey());

  it('round-trips and never contains the plaintext', () => {
    const sealed = seal('Bearer s3cr3t-token', key);
    expect(sealed).not.toContain('s3cr3t');
    expect(unseal(sealed, key)).toBe('Bearer s3cr3t-token');
  });

  it('uses a fresh IV for every seal', () => {
    expect(seal('same', key)).not.toBe(seal('same', key));
  });

  it('refuses a tampered value and a wrong key', () => {
    const sealed = seal('value', key);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => unseal(parts.join('.'), key)).toThrow();
    expect(() => unseal(sealed, parseSealKey(generateSealKey()))).toThrow();
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => parseSealKey(Buffer.alloc(16).toString('base64'))).toThrow(/32 random bytes/);
  });
});
