/**
 * How the trail keeps an entry's time, staff id and summary small (src/main/db/audit-packing.ts):
 * whatever was written reads back as the very text that was hashed, on a real store; the words it
 * packs by are pinned; the end-of-day report still counts every entry of the day.
 */
import { createHash, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { auditDayReport } from '../../src/main/audit/day-report'
import { entryHash, GENESIS } from '../../src/main/audit/chain'
import { AuditTrail } from '../../src/main/audit/trail'
import {
  readActor,
  readName,
  readSummary,
  readTime,
  storedActor,
  storedName,
  storedSummary,
  storedTime
} from '../../src/main/db/audit-packing'
import { AUDIT_NAMES, AUDIT_WORDS } from '../../src/main/db/audit-words'
import { openStore, type Store } from '../../src/main/db/open'
import { tempDir } from '../helpers/temp-core'

const cleanups: Array<() => void> = []
afterEach(() => cleanups.splice(0).forEach((clean) => clean()))

function newStore(): Store {
  const dir = tempDir()
  const store = openStore(join(dir.path, 'counter.sqlite'))
  cleanups.push(dir.remove, () => store.close())
  return store
}

const SUMMARIES = [
  '{"before":"accuracy_checked","after":"packed","note":{"parcels":1,"service":"Royal Mail Tracked 24","printJob":16842}}',
  '{"version":1,"state":"sent_to_provider","kind":"request.created","changes":["new"],"flags":{"raised":[],"noLongerApply":[]}}',
  JSON.stringify({ note: 'Zoë’s “dossette” — 5 µg ✓ 😀', lines: [{ line: 'l1', reason: null }] }),
  'null',
  '',
  '{}',
  'text with a line break\nand a tab\tand a NUL \u0000 in it',
  // A lone surrogate: not text UTF-8 can hold, in a summary that packing would otherwise shorten.
  '{"before":"ready_to_dispense","after":"dispensing","note":{"lines":[{"line":"l1","reason":"\ud800"}]}}',
  AUDIT_WORDS.join(''),
  AUDIT_WORDS.join('x')
]

describe("the trail's packed entries", () => {
  it('reads every summary back as it was written, and packs the usual ones to a fraction', () => {
    for (const summary of SUMMARIES) expect(readSummary(storedSummary(summary))).toBe(summary)
    const usual = storedSummary(SUMMARIES[0]!)
    expect(Buffer.isBuffer(usual)).toBe(true)
    expect((usual as Buffer).length).toBeLessThan(SUMMARIES[0]!.length / 4)
    // Packing that would not give the text back exactly keeps the text.
    expect(storedSummary(SUMMARIES[7]!)).toBe(SUMMARIES[7])
  })

  it('keeps a time as milliseconds only when they give back the same text', () => {
    expect(storedTime('2026-11-26T09:15:00.123Z')).toBe(1795684500123n)
    for (const odd of ['2026-11-26T09:15:00Z', '2026-11-26T09:15:00.123+00:00', '123', 'yesterday', ''])
      expect(storedTime(odd)).toBe(odd)
    expect(readTime(1795684500123)).toBe('2026-11-26T09:15:00.123Z')
  })

  it("keeps a member of staff's id as 16 bytes, any other id as its text", () => {
    const staff = 'u_314d7992-b63a-4d71-a6a8-c33618025ebe'
    expect(storedActor(staff)).toEqual(Buffer.from('314d7992b63a4d71a6a8c33618025ebe', 'hex'))
    expect(readActor(storedActor(staff)!)).toBe(staff)
    for (const other of ['u_314D7992-B63A-4D71-A6A8-C33618025EBE', 'system', 'u_1', ''])
      expect(storedActor(other)).toBe(other)
    expect(storedActor(null)).toBeNull()
  })

  it('keeps a listed command or kind of entity as one byte, any other as its text', () => {
    expect(storedName('requests.accuracyCheck')).toHaveLength(1)
    expect(storedName('request')).toHaveLength(1)
    for (const name of AUDIT_NAMES) expect(readName(storedName(name))).toBe(name)
    for (const other of ['test.entry', 'Request', '']) expect(storedName(other)).toBe(other)
    expect(AUDIT_NAMES.length).toBeLessThanOrEqual(256)
    expect(new Set(AUDIT_NAMES).size).toBe(AUDIT_NAMES.length)
    expect(createHash('sha256').update(JSON.stringify(AUDIT_NAMES)).digest('hex')).toBe(PINNED_NAMES)
  })

  it('pins the words summaries are packed by: a summary packed with them is read with them', () => {
    expect(AUDIT_WORDS.length).toBeLessThanOrEqual(159)
    expect(new Set(AUDIT_WORDS).size).toBe(AUDIT_WORDS.length)
    expect(createHash('sha256').update(JSON.stringify(AUDIT_WORDS)).digest('hex')).toBe(PINNED_WORDS)
  })

  it('gives back on a real store every entry as appended, whatever its time, actor or summary, and the chain holds', () => {
    const store = newStore()
    const key = randomBytes(32)
    const trail = new AuditTrail(store.db, key)
    const times = ['2026-11-26T09:15:00.123Z', '2026-11-26T09:15:00Z', '123', '2026-11-26T23:59:59.999Z']
    const actors = ['u_314d7992-b63a-4d71-a6a8-c33618025ebe', null, 'system', 'u_314d7992-b63a-4d71-a6a8-c33618025ebe']
    const values = SUMMARIES.map((text): unknown => {
      try {
        return JSON.parse(text)
      } catch {
        return text
      }
    })
    const written = values.map((value, i) => ({
      at: times[i % times.length]!,
      actorId: actors[i % actors.length]!,
      actorName: i % 2 ? 'Alex Jones' : null,
      command: 'test.entry',
      entityType: 'request',
      entityId: `fr_${i}`,
      summary: JSON.stringify(value)
    }))
    store.sqlite.transaction(() => {
      written.forEach((entry, i) => trail.append({ ...entry, summary: values[i] }))
    })()
    const read = [...trail.entries()]
    expect(read.map(({ seq, hash, ...entry }) => [seq, hash.length, entry])).toEqual(
      written.map((entry, i) => [i + 1, 32, entry])
    )
    let previous = GENESIS
    for (const { hash, ...entry } of read) {
      expect(hash.toString('hex')).toBe(entryHash({ ...entry, prevHash: previous }, key))
      previous = hash.toString('hex')
    }
    // SQLite converted nothing: a time that looks like a number is still the text it was.
    const kept = store.sqlite.prepare('SELECT typeof(at) AS type FROM audit_log ORDER BY seq').all()
    expect(kept.slice(0, 4)).toEqual([{ type: 'integer' }, { type: 'text' }, { type: 'text' }, { type: 'integer' }])
    expect(trail.list({ entityId: 'fr_2', limit: 5 })).toEqual([
      expect.objectContaining({ seq: 3, at: '123', actorName: null, summary: values[2] })
    ])
  })

  it('counts in the end-of-day report every entry of the day, whether its time is kept as milliseconds or as text', async () => {
    const store = newStore()
    const trail = new AuditTrail(store.db, randomBytes(32))
    const day = [
      '2026-11-26T00:00:00.000Z',
      '2026-11-26T09:15:00Z',
      '2026-11-26T23:59:59.999Z',
      '2026-11-26T12:00:00.5Z'
    ]
    const other = ['2026-11-25T23:59:59.999Z', '2026-11-27T00:00:00.000Z', '2026-11-27T00:00:00Z']
    store.sqlite.transaction(() => {
      for (const at of [...day, ...other])
        trail.append({
          at,
          actorId: null,
          actorName: null,
          command: 'test.entry',
          entityType: 'x',
          entityId: null,
          summary: {}
        })
      // A listed command, kept as a byte: counted apart and put in order by its name all the same.
      for (const at of [day[1]!, day[2]!])
        trail.append({
          at,
          actorId: null,
          actorName: null,
          command: 'rp.signIn',
          entityType: 'x',
          entityId: null,
          summary: {}
        })
    })()
    const report = await auditDayReport(
      store.db,
      { date: '2026-11-26', format: 'csv' },
      { at: new Date(), by: 'Test', workstation: 'counter-1', head: trail.head() }
    )
    const lines = Buffer.from(report.base64, 'base64').toString('utf8').split('\r\n')
    expect(lines.slice(1, 3)).toEqual(['rp.signIn,2,8,9', 'test.entry,4,1,4'])
  })

  it("reads an entity's entries newest first from the index on its id, without sorting them", () => {
    const store = newStore()
    const trail = new AuditTrail(store.db, randomBytes(32))
    store.sqlite.transaction(() => {
      for (let i = 0; i < 30; i++)
        trail.append({
          at: '2026-11-26T09:00:00.000Z',
          actorId: null,
          actorName: null,
          command: 'test.entry',
          entityType: 'request',
          entityId: `fr_${i % 3}`,
          summary: { i }
        })
    })()
    expect(trail.list({ entityId: 'fr_1', limit: 4 }).map((entry) => entry.seq)).toEqual([29, 26, 23, 20])
    const plan = store.sqlite
      .prepare('EXPLAIN QUERY PLAN SELECT * FROM audit_log WHERE entity_id = ? ORDER BY seq DESC LIMIT 4')
      .all('fr_1') as Array<{ detail: string }>
    expect(plan.map((step) => step.detail)).toEqual(['SEARCH audit_log USING INDEX audit_log_entity_id (entity_id=?)'])
  })
})

const PINNED_WORDS = '4c1715cf964e3137e24a05b4052b94348f505cb4dfb2b7aa98ab9dc44b68e673'
const PINNED_NAMES = '1dc378a4f45c32b5f4c46dfdf4db15a634e76b27289afcad046817ccb1157ef1'
