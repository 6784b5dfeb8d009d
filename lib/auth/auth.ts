import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { admin } from 'better-auth/plugins';
import { adminAc, userAc } from 'better-auth/plugins/admin/access';
import { dbProvider, getDb } from '../db/client';
import { consoleEnv } from '../env/console-env';
import { ROLES } from './roles';

/**
 * better-auth: email + password, sessions in our database, and its admin plugin for roles
 * and for admins creating accounts. Self sign-up is off: admins add people.
 */
function createAuth() {
  const env = consoleEnv();
  return betterAuth({
    appName: 'Voice Console',
    baseURL: env.consoleUrl,
    // next dev moves to the next free port when 3000 is taken; in development any local port is
    // the console. In production only CONSOLE_URL is.
    ...(env.production ? {} : { trustedOrigins: ['http://localhost:*', 'http://127.0.0.1:*'] }),
    secret: env.authSecret,
    database: prismaAdapter(getDb(), { provider: dbProvider(getDb()) }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10 },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: true,
      storage: 'database',
      modelName: 'rateLimit',
      customRules: {
        '/sign-in/*': {
          window: env.signInRateLimit.windowSeconds,
          max: env.signInRateLimit.max,
        },
      },
    },
    plugins: [
      admin({
        roles: { [ROLES.admin]: adminAc, [ROLES.member]: userAc },
        defaultRole: ROLES.member,
        adminRoles: [ROLES.admin],
      }),
    ],
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { voiceConsoleAuth?: Auth };

export function getAuth(): Auth {
  globalForAuth.voiceConsoleAuth ??= createAuth();
  return globalForAuth.voiceConsoleAuth;
}
