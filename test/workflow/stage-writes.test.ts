/**
 * Only the workflow (src/main/workflow) changes a request's stage, so every change goes through
 * the transition table with its guards, audit entry and events. This reads the source and lists
 * every write of `requests.stage` (SQL or drizzle) outside it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..')
const WORKFLOW = join('src', 'main', 'workflow')
/** Where Phensys's snapshots are stored: a request is created there, at `new`, and nowhere else. */
const CREATED_IN = join('src', 'main', 'fulfilment', 'requests-repo.ts')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx|mts)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : []
  })
}

/** Each way code could write the stage column of `requests`, with what it found. */
function stageWrites(text: string): string[] {
  const found: string[] = []
  for (const match of text.matchAll(/UPDATE\s+(?:OR\s+\w+\s+)?requests\s+SET\s+([\s\S]*?)(?:\bWHERE\b|['"`;])/gi))
    if (/\bstage\s*=/i.test(match[1]!)) found.push(match[0].replace(/\s+/g, ' '))
  // drizzle: db.update(requests) (or a name given to the table) .set(...): an object, a list of
  // columns (written out, or a constant list of this file), or anything else (then assumed to write it)
  const names = ['requests', ...[...text.matchAll(/const\s+(\w+)\s*=\s*requests\b/g)].map((match) => match[1]!)]
  const listNamed = (name: string) => new RegExp(`const\\s+${name}\\s*=\\s*(\\[[^\\]]*\\])`).exec(text)?.[1]
  for (const match of text.matchAll(/\.update\(\s*(\w+)\s*\)\s*\.set\(\s*(\{[^}]*\}|\w+\((?:\[[^\]]*\]|\w+)\)|\w+)/g)) {
    const [, table, values] = match
    if (!names.includes(table!)) continue
    const constant = /^\w+\((\w+)\)$/.exec(values!)?.[1]
    const written = constant
      ? listNamed(constant)
      : values!.startsWith('{') || values!.includes('([')
        ? values
        : undefined
    if (written === undefined || /(['"]?)\bstage\1\s*[:,}\]]/.test(written)) found.push(match[0])
  }
  for (const match of text.matchAll(/\bsetStage\s*\(/g)) found.push(match[0])
  return found
}

function requestInserts(text: string): string[] {
  return [
    ...text.matchAll(/(?:INSERT|REPLACE)\s+(?:OR\s+\w+\s+)?INTO\s+requests\b/gi),
    ...text.matchAll(/\.insert\(\s*requests\s*\)/g)
  ].map((match) => match[0])
}

describe('who writes a request’s stage', () => {
  it('finds every form of a write in a piece of source', () => {
    expect(stageWrites("db.prepare('UPDATE requests SET stage = ?, stage_since = ? WHERE id = ?')")).toHaveLength(1)
    expect(stageWrites('`UPDATE requests\n  SET version = @version, stage = @stage\n WHERE id = @id`')).toHaveLength(1)
    expect(
      stageWrites("db.update(requests).set({ stageSince: at, stage: 'labelled' }).where(eq(requests.id, id))")
    ).toHaveLength(1)
    expect(stageWrites('db.update(requests).set({ stage }).run()')).toHaveLength(1)
    expect(stageWrites('db.update(requests).set(columns).run()')).toHaveLength(1)
    expect(
      stageWrites("const r = requests\nthis.x = db.update(r).set(setPlaceholders(['stage', 'stageSince'])).where(byId)")
    ).toHaveLength(1)
    expect(stageWrites("const r = requests\ndb.update(r).set(setPlaceholders(['version', 'snapshot']))")).toEqual([])
    expect(
      stageWrites(
        "const COLUMNS = ['version', 'stage'] as const\nconst r = requests\ndb.update(r).set(setPlaceholders(COLUMNS))"
      )
    ).toHaveLength(1)
    expect(
      stageWrites(
        "const COLUMNS = ['version'] as const\nconst r = requests\ndb.update(r).set(setPlaceholders(COLUMNS))"
      )
    ).toEqual([])
    expect(stageWrites("db.update(shipments).set({ stage: 'x' })")).toEqual([])
    expect(stageWrites("requests.setStage(id, 'cancelled', at)")).toHaveLength(1)
    expect(
      stageWrites("'UPDATE requests SET version = @version, phensys_state = @phensys_state WHERE id = @id'")
    ).toEqual([])
    expect(stageWrites("db.update(requests).set({ version: 2, phensysState: 'x' })")).toEqual([])
    expect(stageWrites("'SELECT id FROM requests WHERE stage = ?'")).toEqual([])
  })

  it('no code outside the workflow writes requests.stage, and the workflow does', () => {
    const outside: string[] = []
    let inWorkflow = 0
    // The counter's store is written only by src/main (the sandbox keeps Phensys's own tables).
    for (const file of sourceFiles(join(ROOT, 'src', 'main'))) {
      const path = relative(ROOT, file)
      const text = readFileSync(file, 'utf8')
      const writes = stageWrites(text)
      if (path.startsWith(WORKFLOW)) inWorkflow += writes.length
      else outside.push(...writes.map((write) => `${path}: ${write}`))
      if (path !== CREATED_IN) outside.push(...requestInserts(text).map((insert) => `${path}: ${insert}`))
    }
    expect(outside).toEqual([])
    expect(inWorkflow, 'the scan found no write of the stage in the workflow itself').toBeGreaterThan(0)
  })
})
