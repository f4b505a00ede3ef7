/**
 * The store's rows are typed by the drizzle schema (src/main/db/schema): `typeof table.$inferSelect`,
 * a Pick or Omit of it, or a prepared query's own result. A row type written by hand restates
 * the schema and drifts from it, so the main process may not declare one: no `interface …Row`,
 * no `type …Row =` that is not derived from the schema, and no table column typed by hand under
 * its SQL name (`ampp_id: string`, inline or in an interface).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { getTableColumns, isTable, type Table } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import * as schema from '../src/main/db/schema'

const ROOT = join(import.meta.dirname, '..')
const MAIN = join(ROOT, 'src', 'main')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

/** The schema's column names that a hand-written type would spell in snake_case. */
const SNAKE_COLUMNS = new Set(
  Object.values(schema as Record<string, unknown>)
    .filter((value): value is Table => isTable(value))
    .flatMap((table) => Object.values(getTableColumns(table)).map((column) => column.name))
    .filter((name) => name.includes('_'))
)

/** What the rule finds in one file's text: `line: declaration` for each hand-written row type. */
function handWrittenRowTypes(text: string): string[] {
  const found: string[] = []
  const lines = text.split('\n')
  lines.forEach((line, index) => {
    const at = `${index + 1}: ${line.trim()}`
    if (/\binterface\s+\w*Row\b/.test(line)) found.push(at)
    if (/\btype\s+\w*Row\b\s*(<[^=]*>)?\s*=/.test(line)) {
      // A type alias may span lines: read it up to the next blank line or declaration.
      const rest = lines.slice(index, index + 12)
      const end = rest.findIndex((l, i) => i > 0 && (l.trim() === '' || /^(export |const |function |class )/.test(l)))
      const body = rest.slice(0, end === -1 ? rest.length : end).join('\n')
      if (!/\$infer(Select|Insert)\b|ReturnType<|Pick<|Omit<|Infer(Select|Insert)Model/.test(body)) found.push(at)
    }
    for (const [, name] of line.matchAll(/\b([a-z]+(?:_[a-z0-9]+)+)\??:\s*(?:string|number|boolean|null)\b/g)) {
      if (SNAKE_COLUMNS.has(name!)) found.push(at)
    }
  })
  return found
}

describe('row types come from the drizzle schema', () => {
  it('finds the hand-written row types it is meant to refuse, and lets derived ones pass', () => {
    expect(handWrittenRowTypes('interface PackRow {\n  id: number\n}')).toHaveLength(1)
    expect(handWrittenRowTypes('export type LineRow = {\n  lineId: string\n}')).toHaveLength(1)
    expect(handWrittenRowTypes('const s: Statement<[string], { ampp_id: string }>')).toHaveLength(1)
    expect(handWrittenRowTypes('type JobRow = typeof printJobs.$inferSelect')).toEqual([])
    expect(handWrittenRowTypes('type HitRow = ReturnType<ReturnType<typeof hits>["all"]>[number]')).toEqual([])
    expect(
      handWrittenRowTypes('type OrderRow = typeof wholesalerOrders.$inferSelect & {\n  wholesalerName: string\n}')
    ).toEqual([])
    expect(handWrittenRowTypes("const FILTERS = { in_stock: 'COALESCE(onHand, 0) > 0' }")).toEqual([])
  })

  it('src/main declares none', () => {
    const offenders = sourceFiles(MAIN).flatMap((file) => {
      const path = relative(ROOT, file).split('\\').join('/')
      return handWrittenRowTypes(readFileSync(file, 'utf8')).map((found) => `${path}:${found}`)
    })
    expect(offenders, 'derive these from src/main/db/schema ($inferSelect, Pick/Omit of it, a query result)').toEqual(
      []
    )
  })
})
