import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // The path aliases of tsconfig.base.json.
  resolve: {
    alias: {
      '@main': resolve('src/main'),
      '@shared': resolve('src/shared')
    }
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Native SQLite handles and pseudo-terminals are happiest in forked workers.
    pool: 'forks',
    // One fork a core (Vitest's default leaves one core free: on CI's two cores, one fork). The
    // tests wait on SQLite, pseudo-terminals and HTTP as much as on a core; the suite passed with two
    // forks at a load average of 9 (704 s against 552 s serial on an idle machine).
    maxWorkers: availableParallelism()
  }
})
