/**
 * Search across every request, open or closed: by name, date of birth, postcode, the request's
 * reference or a parcel's tracking number. What the text looks like decides where to look, so
 * each kind of search reads through its own index; only a name is matched anywhere in the text
 * (a scan of one short column, newest first, stopping at the first page of hits).
 */
import { and, desc, eq, gte, inArray, like, lt, sql } from 'drizzle-orm'
import type { SearchHit } from '../../shared/contract'
import { normalisePostcode } from '../../shared/clinical/identity'
import { storedStage } from '../../shared/workflow/stages'
import { type CounterDb, jsonArrayValues, parcels, requests } from '../db'

const HITS = 50
const UK_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?(\d[A-Z]{2})?$/
const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

export class RequestSearch {
  private readonly byDob
  private readonly byPostcodePrefix
  private readonly byIdPrefix
  private readonly byIds
  private readonly byName
  private readonly tracking

  constructor(db: CounterDb) {
    const r = requests
    const columns = {
      id: r.id,
      patientId: r.patientId,
      patientName: r.patientName,
      patientDob: r.patientDob,
      patientPostcode: r.patientPostcode,
      stage: r.stage,
      hardCopyRequired: r.hardCopyRequired,
      receivedAt: r.receivedAt,
      stageSince: r.stageSince
    }
    const select = () => db.select(columns).from(r)
    // Newest first, sorted after the lookup: "+" keeps the planner from walking every request in
    // received order (checking each against the text) instead of using the lookup's own index.
    const newest = desc(sql`+${r.receivedAt}`)
    const from = sql.placeholder('from')
    const to = sql.placeholder('to')
    this.byDob = select()
      .where(eq(r.patientDob, sql.placeholder('dob')))
      .orderBy(newest)
      .limit(HITS)
      .prepare()
    // Prefixes as ranges, so the index is used whatever the connection's LIKE settings.
    this.byPostcodePrefix = select()
      .where(and(gte(r.patientPostcode, from), lt(r.patientPostcode, to)))
      .orderBy(newest)
      .limit(HITS)
      .prepare()
    this.byIdPrefix = select()
      .where(and(gte(r.id, from), lt(r.id, to)))
      .orderBy(newest)
      .limit(HITS)
      .prepare()
    this.byIds = select()
      .where(inArray(r.id, jsonArrayValues('ids')))
      .orderBy(newest)
      .prepare()
    // Only the index (name, received, id) is read to find the newest matches; then their rows.
    this.byName = db
      .select({ id: r.id })
      .from(r)
      .where(like(r.patientName, sql.placeholder('pattern')))
      .orderBy(newest)
      .limit(HITS)
      .prepare()
    this.tracking = db
      .selectDistinct({ requestId: parcels.requestId })
      .from(parcels)
      .where(eq(parcels.trackingNumber, sql.placeholder('tracking')))
      .prepare()
  }

  search(text: string): SearchHit[] {
    const trimmed = text.trim()
    const compact = trimmed.toUpperCase().replace(/\s+/g, '')
    const date = UK_DATE.exec(trimmed)
    if (date) {
      const dob = `${date[3]}-${date[2]!.padStart(2, '0')}-${date[1]!.padStart(2, '0')}`
      return this.hits(this.byDob.all({ dob }), 'date of birth')
    }
    const tracked = this.tracking.all({ tracking: compact }).map((row) => row.requestId)
    if (tracked.length > 0) return this.hits(this.byIds.all({ ids: JSON.stringify(tracked) }), 'tracking number')
    const references = this.byIdPrefix.all(prefixRange(trimmed))
    // A whole reference typed is that request alone, not every one it is the start of.
    const exact = references.filter((row) => row.id === trimmed)
    if (references.length > 0) return this.hits(exact.length > 0 ? exact : references, 'reference')
    if (UK_POSTCODE.test(compact))
      return this.hits(this.byPostcodePrefix.all(prefixRange(normalisePostcode(compact))), 'postcode')
    // LIKE's wildcards typed by a person are taken as nothing, not as "any".
    const escaped = trimmed.replace(/[%_]/g, '')
    const named = this.byName.all({ pattern: `%${escaped}%` }).map((row) => row.id)
    return this.hits(this.byIds.all({ ids: JSON.stringify(named) }), 'name')
  }

  private hits(rows: ReturnType<typeof this.byDob.all>, matched: SearchHit['matched']): SearchHit[] {
    return rows.map((row) => ({
      requestId: row.id,
      patientId: row.patientId,
      patientName: row.patientName,
      dateOfBirth: row.patientDob,
      postcode: row.patientPostcode,
      stage: storedStage(row.stage, row.hardCopyRequired),
      receivedAt: row.receivedAt,
      stageSince: row.stageSince,
      matched
    }))
  }
}

/** Every text that starts with `prefix`: from it, up to the next string after all of them. */
function prefixRange(prefix: string): { from: string; to: string } {
  return { from: prefix, to: `${prefix}\uffff` }
}
