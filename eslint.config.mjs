import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const NEXT_AND_REACT = [{ group: ['next', 'next/*', 'react', 'react-dom', 'react/*'] }];
const APP = { group: ['@/app/*'] };
const COMPONENTS = { group: ['@/components/*'] };
const CONSOLE_ONLY = [APP, COMPONENTS, { group: ['@/server/*', 'server-only'] }];
const AGENT = [{ group: ['@/agent/*', '**/agent/src/*'] }];
const PRISMA = [{ group: ['@prisma/*', '@/generated/*', '**/generated/prisma/*'] }];
// A model method called on a member (db.call.findUnique, tx.user.update, ...).
const PRISMA_METHODS =
  '/^(findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|findMany|create|createMany|update|updateMany|upsert|delete|deleteMany|count|aggregate|groupBy)$/';

// What holds the client: db, tx, prisma, options.db, database(), getDb().
const PRISMA_CLIENTS = [
  '[object.name=/^(db|tx|prisma)$/]',
  '[object.property.name=/^(db|prisma)$/]',
  "[object.type='CallExpression'][object.callee.name=/^(database|getDb|createDb)$/]",
];

/** One folder's row of the layer table: what it may not import, and why. */
function layer(files, why, forbidden, { prisma = false } = {}) {
  const patterns = [...forbidden, ...(prisma ? [] : PRISMA)].map((pattern) => ({
    ...pattern,
    message: `${why} (CONTRIBUTING.md, Layout); Prisma only in lib/db/.`,
  }));
  return {
    files,
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
    },
  };
}

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      '.next/**',
      'generated/**',
      'node_modules/**',
      'data/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
    ],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Configuration goes through one env module per process (CONTRIBUTING.md rule 3).
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through consoleEnv() or agentEnv().',
        },
      ],
    },
  },
  {
    // The env modules themselves, scripts and tests read process.env.
    files: [
      'lib/env/**',
      'lib/db/database-url.ts',
      'agent/src/env.ts',
      'scripts/**',
      'test/**',
      'agent/test/**',
      'agent/bench/**',
      'e2e/**',
      '*.config.*',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Playwright fixtures call their `use` callback, which is not React's use().
    files: ['e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  // The layer table of CONTRIBUTING.md, one entry per folder. Each lists what the folder may not
  // import; type-only imports of lib/db rows are allowed where noted (no code comes with them).
  layer(['lib/**'], 'lib/ is framework-free and shared with the agent', [
    ...NEXT_AND_REACT,
    ...CONSOLE_ONLY,
    ...AGENT,
  ]),
  layer(
    ['lib/db/**'],
    'lib/ is framework-free and shared with the agent',
    [...NEXT_AND_REACT, ...CONSOLE_ONLY, ...AGENT],
    { prisma: true },
  ),
  layer(['components/**'], 'components import lib/ and call actions from server/actions/', [
    APP,
    { group: ['@/server/*', '!@/server/actions', '!@/server/actions/*'] },
    { group: ['next/headers', 'next/cache', 'server-only'] },
    ...AGENT,
    { group: ['@/lib/db/*'], allowTypeImports: true },
  ]),
  layer(['server/**'], 'server/ is console server code: lib/ and next/*', [
    APP,
    COMPONENTS,
    ...AGENT,
  ]),
  layer(['app/**'], 'app/ may import components/, server/ and lib/', [...AGENT]),
  layer(['agent/src/**'], 'the agent imports lib/ only', [...NEXT_AND_REACT, ...CONSOLE_ONLY]),
  {
    // Database access lives in lib/db (CONTRIBUTING.md rule 5): no Prisma model call elsewhere.
    files: ['app/**', 'components/**', 'server/**', 'lib/**', 'agent/src/**', 'proxy.ts'],
    ignores: ['lib/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...PRISMA_CLIENTS.map((client) => ({
          selector: `CallExpression > MemberExpression.callee[property.name=${PRISMA_METHODS}] > MemberExpression.object${client}`,
          message: 'Prisma calls live in named functions under lib/db/ (CONTRIBUTING.md rule 5).',
        })),
        {
          selector:
            'CallExpression > MemberExpression.callee[property.name=/^\\$(queryRaw|queryRawUnsafe|executeRaw|executeRawUnsafe|transaction)$/]',
          message: 'Prisma calls live in named functions under lib/db/ (CONTRIBUTING.md rule 5).',
        },
      ],
    },
  },
];

export default config;
