import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

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
  {
    // lib/ is shared with the agent: nothing in it may import Next or React.
    files: ['lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'next',
                'next/*',
                'react',
                'react-dom',
                'react/*',
                '@/app/*',
                '@/components/*',
                '@/server/*',
              ],
              message: 'lib/ is framework-free (CONTRIBUTING.md).',
            },
          ],
        },
      ],
    },
  },
];

export default config;
