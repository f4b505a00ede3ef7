import { between, desc, eq, or, sql } from 'drizzle-orm'
import type { PatientReturnView } from '../../shared/contract'
import { patientDisplayName } from '../../shared/phensys/snapshot'
import { type CatalogueSchedule, effectiveSchedule } from '../../shared/workflow/cd-schedule'
import { fromMilli, toMilli } from '../../shared/stock/units'
import { londonDate } from '../../shared/time/london'
import { type CounterDb, patientReturns, patientReturnDestructions, products } from '../db'
import { CounterError } from '../errors'
import type { RequestsRepo } from '../fulfilment'

type Person = { id: string; name: string }

/**
 * Schedule 2 CDs a patient brought back, and their destruction. Not the CD register: a return is no
 * receipt (the drug never goes back into stock), so its balance is not touched (UK practice, kept
 * as a record of its own). Both tables are append-only (drizzle/0045_patient_returns.sql).
 */
export class PatientReturns {
  private readonly returns
  private readonly one
  private readonly catalogued

  constructor(
    private readonly db: CounterDb,
    private readonly deps: { requests: RequestsRepo; catalogue: CatalogueSchedule }
  ) {
    const r = patientReturns
    const d = patientReturnDestructions
    const query = () =>
      db
        .select({
          id: r.id,
          requestId: r.requestId,
          lineId: r.lineId,
          receivedAt: r.receivedAt,
          patientName: r.patientName,
          dmdId: r.dmdId,
          drug: r.drug,
          form: r.form,
          strength: r.strength,
          quantityMilli: r.quantityMilli,
          unit: r.unit,
          note: r.note,
          receivedBy: r.receivedByName,
          destroyedAt: d.destroyedAt,
          destroyedBy: d.destroyedByName,
          witness: d.witness
        })
        .from(r)
        .leftJoin(d, eq(d.returnId, r.id))
    // Those still to destroy come first when asked, whenever received: a pharmacist destroys them from their row.
    const stillToDestroy = sql`(${sql.placeholder('awaiting')} = 1 AND ${d.returnId} IS NULL)`
    this.returns = query()
      .where(or(between(r.receivedDate, sql.placeholder('from'), sql.placeholder('to')), stillToDestroy))
      .orderBy(sql`CASE WHEN ${stillToDestroy} THEN 0 ELSE 1 END`, desc(r.id))
      .prepare()
    this.one = query()
      .where(eq(r.id, sql.placeholder('id')))
      .prepare()
    this.catalogued = db
      .select({ form: products.form, strength: products.strength })
      .from(products)
      .where(eq(products.dmdId, sql.placeholder('dmdId')))
      .prepare()
  }

  /** A return from a delivered request's line, as the pharmacist counted it. */
  record(
    input: { id: string; lineId: string; quantity: number; note?: string | undefined },
    by: Person,
    now: Date
  ): PatientReturnView {
    const request = this.deps.requests.get(input.id)
    if (!request) throw new CounterError('not_found', `There is no request ${input.id} on this workstation.`)
    if (request.row.stage !== 'delivered')
      throw new CounterError(
        'conflict',
        `A patient's returned CDs are recorded from a delivered request: ${input.id} has not been delivered.`
      )
    const item = request.snapshot.prescription.items.find((candidate) => candidate.lineId === input.lineId)
    if (!item) throw new CounterError('not_found', `Request ${input.id} has no line ${input.lineId}.`)
    if (effectiveSchedule(item.product, this.deps.catalogue(item.product.dmdCode)) !== 2)
      throw new CounterError(
        'precondition_failed',
        `${item.product.name} is not a Schedule 2 controlled drug: the patient-returns record is for Schedule 2 CDs.`
      )
    // The record names form and strength: the catalogue's where Phensys sent none.
    const catalogued = this.catalogued.get({ dmdId: item.product.dmdCode })
    const inserted = this.db
      .insert(patientReturns)
      .values({
        requestId: input.id,
        lineId: input.lineId,
        receivedAt: now.toISOString(),
        receivedDate: londonDate(now),
        patientName: patientDisplayName(request.snapshot),
        dmdId: item.product.dmdCode,
        drug: item.product.name,
        form: item.product.form ?? catalogued?.form ?? null,
        strength: item.product.strength ?? catalogued?.strength ?? null,
        quantityMilli: toMilli(input.quantity),
        unit: item.unit,
        note: input.note || null,
        receivedById: by.id,
        receivedByName: by.name
      })
      .returning({ id: patientReturns.id })
      .get()
    return this.get(inserted.id)
  }

  /** Their destruction, once, before an authorised witness. */
  destroy(returnId: number, witness: string, by: Person, now: Date): PatientReturnView {
    const returned = this.get(returnId)
    if (returned.destruction)
      throw new CounterError(
        'conflict',
        `These returned CDs were already destroyed on ${londonDate(new Date(returned.destruction.destroyedAt))} by ${returned.destruction.destroyedBy}, witnessed by ${returned.destruction.witness}.`
      )
    this.db
      .insert(patientReturnDestructions)
      .values({ returnId, destroyedAt: now.toISOString(), destroyedById: by.id, destroyedByName: by.name, witness })
      .run()
    return this.get(returnId)
  }

  /**
   * Received on these London days (either end left out: from the first, or to the last), newest first;
   * with `awaitingDestruction`, every return not yet destroyed first, whenever it was received.
   */
  list(from = '0000-01-01', to = '9999-12-31', awaitingDestruction = false): PatientReturnView[] {
    return this.returns.all({ from, to, awaiting: awaitingDestruction ? 1 : 0 }).map(toView)
  }

  get(id: number): PatientReturnView {
    const row = this.one.get({ id })
    if (!row) throw new CounterError('not_found', `There is no patient return ${id}.`)
    return toView(row)
  }
}

function toView(row: {
  id: number
  requestId: string
  lineId: string
  receivedAt: string
  patientName: string
  dmdId: string
  drug: string
  form: string | null
  strength: string | null
  quantityMilli: number
  unit: string
  note: string | null
  receivedBy: string
  destroyedAt: string | null
  destroyedBy: string | null
  witness: string | null
}): PatientReturnView {
  const { quantityMilli, destroyedAt, destroyedBy, witness, ...rest } = row
  return {
    ...rest,
    quantity: fromMilli(quantityMilli),
    destruction: destroyedAt && destroyedBy && witness ? { destroyedAt, destroyedBy, witness } : null
  }
}
