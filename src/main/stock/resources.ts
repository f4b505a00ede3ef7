import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { wholesalersFileSchema, type WholesalersFile } from '../../shared/stock/wholesaler'
import type { CatalogueFiles } from './catalogue-import'

export function readCatalogueFiles(resourcesDir: string): CatalogueFiles {
  const read = (name: string) => readFileSync(join(resourcesDir, 'catalogue', name), 'utf8')
  return { products: read('products.csv'), packs: read('packs.csv'), gtins: read('pack-gtins.csv') }
}

export function readWholesalersFile(resourcesDir: string): WholesalersFile | null {
  const file = join(resourcesDir, 'wholesalers.json')
  if (!existsSync(file)) return null
  return wholesalersFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
}
