import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { APIError } from 'better-auth/api';
import { admin } from 'better-auth/plugins';
import { adminAc, userAc } from 'better-auth/plugins/admin/access';
import { dbProvider, getDb } from '../db/client';
import { consoleEnv } from '../env/console-env';
import { accountLockHooks } from './account-lock';
import { ROLES } from './roles';
import { UserName } from './user-fields';

/**
 * better-auth: email + password, sessions in our database, and its admin plugin for roles
 * and for admins creating accounts. Self sign-up is off: admins add people.
 */
/**
 * A user's name as the app allows it (lib/auth/user-fields.ts), checked on every write the auth
 * library makes, whichever endpoint asked: refused with the schema's message, stored trimmed.
 */
function checkedName<T extends { name?: unknown }>(user: T): { data: T } {
  if (user.name === undefined) return { data: user };
  const parsed = UserName.safeParse(user.name);
  if (!parsed.success) {
    throw new APIError('BAD_REQUEST', {
      code: 'INVALID_NAME',
      message: parsed.error.issues[0]?.message ?? 'The name is not allowed.',
    });
  }
  return { data: { ...user, name: parsed.data } };
}

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
    // The address comes from X-Forwarded-For, which the console's own HTTP server sets from the
    // socket (or the trusted proxies): scripts/start-console.ts, server/client-address.ts.
    advanced: { ipAddress: { ipAddressHeaders: ['x-forwarded-for'] } },
    hooks: accountLockHooks({ db: getDb, limit: env.signInAccountLock }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10 },
    databaseHooks: {
      user: {
        create: { before: async (user) => checkedName(user) },
        update: { before: async (user) => checkedName(user) },
      },
    },
    // The app never lets people edit their own profile (admins manage accounts on Users).
    disabledPaths: ['/update-user', '/change-email'],
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
