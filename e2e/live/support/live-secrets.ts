import { randomBytes } from 'node:crypto';

/** What every console and worker of one live stack shares: session signing, sealing, the admin. */
export interface LiveSecrets {
  authSecret: string;
  /** 32 bytes, base64 */
  sealKey: string;
  /** any non-empty value: the Realtime endpoint is the scripted server, which does not check it */
  openaiApiKey: string;
  admin: { email: string; password: string; name: string };
}

export function generateLiveSecrets(): LiveSecrets {
  return {
    authSecret: randomBytes(32).toString('base64'),
    sealKey: randomBytes(32).toString('base64'),
    openaiApiKey: `sk-scripted-${randomBytes(6).toString('hex')}`,
    admin: {
      email: 'admin@live.test',
      password: `live-${randomBytes(9).toString('hex')}`,
      name: 'Live Admin',
    },
  };
}
