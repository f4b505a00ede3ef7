// Flat config. Besides the usual rules it enforces where code may run: src/shared is pure
// TypeScript (no electron, node: or DOM), the renderer never reaches into main, only the Electron
// shell (src/main/index.ts, src/main/shell/, src/preload/) imports electron, and production code
// never imports test support.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

const NODE_BUILTINS = [
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'url',
  'util',
  'stream',
  'events',
  'worker_threads'
]
const noElectron = {
  name: 'electron',
  message: 'Only the Electron shell (src/main/index.ts, src/main/shell/, src/preload/) may import electron.'
}
// Test support (socat pseudo-terminals, fake printers, fixtures, the sandbox's test client) must
// never ship in the app: only tests, benchmarks and e2e specs may import it.
const noTestSupport = {
  group: ['**/test/**', '**/e2e/**', '**/bench/**', '**/*.test', '**/*.spec'],
  message: 'Production code never imports test support (test/, e2e/, bench/, *.test.ts): tests import it, not the app.'
}

const sharedRule = (forTests) => [
  'error',
  {
    paths: [
      noElectron,
      ...NODE_BUILTINS.map((name) => ({ name, message: 'src/shared runs everywhere: no Node modules.' }))
    ],
    patterns: [
      ...(forTests ? [] : [noTestSupport]),
      { group: ['node:*'], message: 'src/shared runs everywhere: no Node modules.' },
      {
        group: ['**/main/**', '**/renderer/**', '**/preload/**'],
        message: 'src/shared depends on nothing else in src.'
      }
    ]
  }
]
const rendererRule = (forTests) => [
  'error',
  {
    paths: [noElectron, ...NODE_BUILTINS.map((name) => ({ name, message: 'The renderer has no Node.' }))],
    patterns: [
      ...(forTests ? [] : [noTestSupport]),
      { group: ['node:*'], message: 'The renderer has no Node.' },
      {
        group: ['**/main/**', '**/main', '**/sandbox/**', '**/browser/**'],
        message: 'The renderer reaches main only through the contract (src/shared/contract).'
      }
    ]
  }
]
const TESTS = ['**/*.test.ts', '**/*.test.tsx']

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'drizzle/**', 'test-results/**', 'playwright-report/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [noTestSupport] }]
    }
  },
  {
    files: ['src/main/index.ts', 'src/main/shell/**', 'src/preload/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTestSupport] }] }
  },
  {
    // Tests, benchmarks and e2e specs are what test support is for.
    files: ['test/**', 'e2e/**', 'bench/**', ...TESTS],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] }
  },
  {
    files: ['src/shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': sharedRule(false),
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'localStorage',
        'sessionStorage',
        'HTMLElement',
        'process',
        'Buffer',
        'require',
        '__dirname'
      ]
    }
  },
  {
    files: TESTS.map((pattern) => `src/shared/${pattern}`),
    rules: { 'no-restricted-imports': sharedRule(true) }
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': rendererRule(false) }
  },
  {
    files: TESTS.map((pattern) => `src/renderer/${pattern}`),
    rules: { 'no-restricted-imports': rendererRule(true) }
  }
)
