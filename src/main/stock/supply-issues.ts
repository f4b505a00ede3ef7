import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import type { SupplyIssueSource, SupplyIssueView } from '../../shared/contract'
import { type CounterDb, jsonArrayValues, placeholders, setPlaceholders, products, supplyIssues } from '../db'
import { CounterError } from '../errors'

export interface NewSupplyIssue {
  dmdId: string
  source: SupplyIssueSource
  reference: string | null
  reason: string
  expectedReturn: string | null
  raisedBy: string
  at: string
}

/** Written as a literal so the planner can use the partial index `supply_issues_active`. */
const ACTIVE = sql`${supplyIssues.active} = 1`

/** Products that cannot be had (a VMP: none of its products; an AMP: that supplier's), and when they come back. */
export class SupplyIssues {
  private readonly insert
  private readonly byId
  private readonly activeFor
  private readonly allActive
  private readonly everything
  private readonly close

  constructor(db: CounterDb) {
    const s = supplyIssues
    const select = () =>
      db.select({ issue: s, productName: products.name }).from(s).leftJoin(products, eq(products.dmdId, s.dmdId))
    this.insert = db
      .insert(s)
      .values({
        ...placeholders(['dmdId', 'source', 'reference', 'reason', 'expectedReturn', 'raisedAt', 'raisedBy']),
        active: true
      })
      .prepare()
    this.byId = select()
      .where(eq(s.id, sql.placeholder('id')))
      .prepare()
    this.activeFor = select()
      .where(and(ACTIVE, inArray(s.dmdId, jsonArrayValues('dmdIds'))))
      .orderBy(s.id)
      .prepare()
    this.allActive = select().where(ACTIVE).orderBy(desc(s.raisedAt), desc(s.id)).prepare()
    this.everything = select().orderBy(desc(s.active), desc(s.raisedAt), desc(s.id)).limit(500).prepare()
    this.close = db
      .update(s)
      .set({ active: false, ...setPlaceholders(['resolvedAt', 'resolvedBy', 'resolutionNote']) })
      .where(and(eq(s.id, sql.placeholder('id')), ACTIVE))
      .prepare()
  }

  raise(issue: NewSupplyIssue): SupplyIssueView {
    const { at, ...rest } = issue
    const id = Number(this.insert.run({ ...rest, raisedAt: at }).lastInsertRowid)
    return this.view(id)
  }

  resolve(id: number, by: string, at: string, note: string | null): SupplyIssueView {
    const issue = this.byId.get({ id })?.issue
    if (!issue) throw new CounterError('not_found', `There is no supply issue ${id}.`)
    if (!issue.active)
      throw new CounterError('conflict', `Supply issue ${id} was already resolved by ${issue.resolvedBy ?? 'someone'}.`)
    this.close.run({ resolvedAt: at, resolvedBy: by, resolutionNote: note, id })
    return this.view(id)
  }

  /** Active issues on any of these products. */
  active(dmdIds: readonly string[]): SupplyIssueView[] {
    if (dmdIds.length === 0) return []
    return this.activeFor.all({ dmdIds: JSON.stringify(dmdIds) }).map(toView)
  }

  list(activeOnly: boolean): SupplyIssueView[] {
    return (activeOnly ? this.allActive : this.everything).all().map(toView)
  }

  view(id: number): SupplyIssueView {
    const row = this.byId.get({ id })
    if (!row) throw new CounterError('not_found', `There is no supply issue ${id}.`)
    return toView(row)
  }
}

function toView({
  issue,
  productName
}: {
  issue: typeof supplyIssues.$inferSelect
  productName: string | null
}): SupplyIssueView {
  return {
    id: issue.id,
    dmdId: issue.dmdId,
    productName: productName ?? issue.dmdId,
    source: issue.source,
    reference: issue.reference,
    reason: issue.reason,
    expectedReturn: issue.expectedReturn,
    active: issue.active,
    raisedAt: issue.raisedAt,
    raisedBy: issue.raisedBy,
    resolvedAt: issue.resolvedAt,
    resolvedBy: issue.resolvedBy
  }
}
