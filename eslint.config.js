// Flat config. Besides the usual rules it enforces where code may run: src/shared is pure
// TypeScript (no electron, node: or DOM), the renderer never reaches into main, only the Electron
// shell (src/main/index.ts, src/main/shell/, src/preload/) imports electron, and production code
// never imports test support, and each folder of src/main is entered only through its index.ts.
import { relative, sep } from 'node:path'
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
        group: ['**/main/**', '**/renderer/**', '**/preload/**', '@main/**'],
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
        group: ['**/main/**', '**/main', '**/sandbox/**', '**/browser/**', '@main/**'],
        message: 'The renderer reaches main only through the contract (src/shared/contract).'
      }
    ]
  }
]
const TESTS = ['**/*.test.ts', '**/*.test.tsx']

/**
 * A folder of src/main (stock, dispatch, db…) is a module: code outside it imports it only through
 * its index.ts, so what the folder offers is one list and the rest can change without a search.
 * Files inside a folder import their siblings directly. Tests and benchmarks may reach inside (they
 * test the parts); the app's code may not. src/main/shell/ is the Electron shell and has no index:
 * only src/main/index.ts may import it, so no index or test can pull electron in by the back door.
 * The import is resolved (relative or aliased) before it is judged, so `../stock/eta` from
 * src/main/dispatch and `../../shared/stock/x` are told apart. `node
 * scripts/route-imports-through-index.mjs` rewrites what this rule refuses.
 */
const ALIASES = [
  ['@main/', 'src/main/'],
  ['@shared/', 'src/shared/']
]
const folderIndexOnly = {
  meta: {
    type: 'problem',
    schema: [],
    messages: {
      deep: 'Import src/main/{{folder}} through its index ({{folder}}/index.ts), not {{inside}}: run node scripts/route-imports-through-index.mjs.',
      shell: 'Only src/main/index.ts imports the Electron shell (src/main/shell/).'
    }
  },
  create(context) {
    const importer = relative(context.cwd, context.filename).split(sep).join('/')
    const check = (source) => {
      if (!source || typeof source.value !== 'string') return
      const specifier = source.value
      const alias = ALIASES.find(([prefix]) => specifier.startsWith(prefix))
      let target = null
      if (alias) target = alias[1] + specifier.slice(alias[0].length)
      else if (specifier.startsWith('.')) target = posixJoin(importer, specifier)
      const match = target && /^src\/main\/([^/]+)\/(.+)$/.exec(target)
      if (!match) return
      const [, folder, inside] = match
      if (importer.startsWith(`src/main/${folder}/`)) return
      if (folder === 'shell') {
        if (importer !== 'src/main/index.ts') context.report({ node: source, messageId: 'shell' })
        return
      }
      if (inside !== 'index') context.report({ node: source, messageId: 'deep', data: { folder, inside } })
    }
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source)
    }
  }
}
/** `specifier` resolved against the folder of `importer`, both relative to the project. */
function posixJoin(importer, specifier) {
  const parts = importer.split('/').slice(0, -1)
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop()
    else if (part !== '.') parts.push(part)
  }
  return parts.join('/')
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
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [noTestSupport] }]
    }
  },
  {
    // Only the app's code: tests may import a folder's insides, they test them.
    files: ['src/**'],
    ignores: TESTS,
    plugins: { layout: { rules: { 'folder-index-only': folderIndexOnly } } },
    rules: { 'layout/folder-index-only': 'error' }
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
