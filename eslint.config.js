// Flat config. Besides the usual rules it enforces where code may run:
// src/shared is pure TypeScript (no electron, node: or DOM), the renderer never reaches into main,
// and only the Electron shell (src/main/index.ts, src/main/shell/, src/preload/) imports electron.
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

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'drizzle/**', 'test-results/**', 'playwright-report/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { paths: [noElectron] }]
    }
  },
  {
    files: ['src/main/index.ts', 'src/main/shell/**', 'src/preload/**'],
    rules: { 'no-restricted-imports': 'off' }
  },
  {
    files: ['src/shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron,
            ...NODE_BUILTINS.map((name) => ({ name, message: 'src/shared runs everywhere: no Node modules.' }))
          ],
          patterns: [
            { group: ['node:*'], message: 'src/shared runs everywhere: no Node modules.' },
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'src/shared depends on nothing else in src.'
            }
          ]
        }
      ],
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
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...NODE_BUILTINS.map((name) => ({ name, message: 'The renderer has no Node.' }))],
          patterns: [
            { group: ['node:*'], message: 'The renderer has no Node.' },
            {
              group: ['**/main/**', '**/main', '**/sandbox/**', '**/browser/**'],
              message: 'The renderer reaches main only through the contract (src/shared/contract).'
            }
          ]
        }
      ]
    }
  }
)
