/**
 * Where the folders that ship beside the app are: `resources/` (the sample catalogue, fonts,
 * wholesalers and bank holidays) and `drizzle/` (the migrations). Both sit at the project root in
 * development and tests, and beside the bundled main process (`out/main/`) after a build, so each
 * is found by walking up from this module until it appears. The JSON that code imports (label
 * wording, the demo products) is bundled at build time and needs no finding.
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))

/** The nearest `name` folder at or above this module that holds `marker`, or null. */
function findUp(name: string, marker: readonly string[]): string | null {
  for (let dir = HERE; ; dir = dirname(dir)) {
    const candidate = join(dir, name)
    if (existsSync(join(candidate, ...marker))) return candidate
    if (dirname(dir) === dir) return null
  }
}

/** `resources/`, or null when the app was shipped without it (the catalogue then starts empty). */
export function findResourcesDir(): string | null {
  return findUp('resources', ['catalogue', 'products.csv'])
}

/** A file under `resources/`; throws, naming it, when `resources/` is missing. */
export function resourcePath(...parts: string[]): string {
  const dir = findResourcesDir()
  if (!dir) throw new Error(`resources/ was not found beside the app: ${join('resources', ...parts)} is missing`)
  return join(dir, ...parts)
}

/** `drizzle/`, which the store cannot open without. */
export function findMigrationsDir(): string {
  const dir = findUp('drizzle', ['meta', '_journal.json'])
  if (!dir) throw new Error('Cannot find the drizzle/ migrations folder beside the app')
  return dir
}
