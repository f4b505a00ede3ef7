import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { wholesalersFileSchema, type WholesalersFile } from '../../shared/stock/wholesaler'
import type { CatalogueFiles } from './catalogue-import'

/**
 * `resources/` ships beside the app as `drizzle/` does: at the project root in development and
 * tests, next to the bundled main process after a build. Walk up from this module to find it.
 */
export function findResourcesDir(from: string = dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from
  for (;;) {
    const candidate = join(dir, 'resources')
    if (existsSync(join(candidate, 'catalogue', 'products.csv'))) return candidate
    const parent = dirname(dir)
    if (parent === dir) return null
    dir = parent
  }
}

export function readCatalogueFiles(resourcesDir: string): CatalogueFiles {
  const read = (name: string) => readFileSync(join(resourcesDir, 'catalogue', name), 'utf8')
  return { products: read('products.csv'), packs: read('packs.csv'), gtins: read('pack-gtins.csv') }
}

export function readWholesalersFile(resourcesDir: string): WholesalersFile | null {
  const file = join(resourcesDir, 'wholesalers.json')
  if (!existsSync(file)) return null
  return wholesalersFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
}
