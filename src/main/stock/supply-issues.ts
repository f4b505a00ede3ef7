import type Database from 'better-sqlite3'
import type { SupplyIssueSource, SupplyIssueView } from '../../shared/contract'
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

interface IssueRow {
  id: number
  dmd_id: string
  product_name: string | null
  source: SupplyIssueSource
  reference: string | null
  reason: string
  expected_return: string | null
  active: number
  raised_at: string
  raised_by: string
  resolved_at: string | null
  resolved_by: string | null
}

const SELECT = `SELECT s.*, p.name AS product_name FROM supply_issues s LEFT JOIN products p ON p.dmd_id = s.dmd_id`

/** Products that cannot be had (a VMP: none of its products; an AMP: that supplier's), and when they come back. */
export class SupplyIssues {
  private readonly insert: Database.Statement
  private readonly byId: Database.Statement<[number], IssueRow>
  private readonly activeFor: Database.Statement<[string], IssueRow>
  private readonly allActive: Database.Statement<[], IssueRow>
  private readonly everything: Database.Statement<[], IssueRow>
  private readonly close: Database.Statement

  constructor(sqlite: Database.Database) {
    this.insert = sqlite.prepare(
      `INSERT INTO supply_issues (dmd_id, source, reference, reason, expected_return, active, raised_at, raised_by)
       VALUES (@dmdId, @source, @reference, @reason, @expectedReturn, 1, @at, @raisedBy)`
    )
    this.byId = sqlite.prepare(`${SELECT} WHERE s.id = ?`)
    this.activeFor = sqlite.prepare(
      `${SELECT} WHERE s.active = 1 AND s.dmd_id IN (SELECT value FROM json_each(?)) ORDER BY s.id`
    )
    this.allActive = sqlite.prepare(`${SELECT} WHERE s.active = 1 ORDER BY s.raised_at DESC, s.id DESC`)
    this.everything = sqlite.prepare(`${SELECT} ORDER BY s.active DESC, s.raised_at DESC, s.id DESC LIMIT 500`)
    this.close = sqlite.prepare(
      'UPDATE supply_issues SET active = 0, resolved_at = ?, resolved_by = ?, resolution_note = ? WHERE id = ? AND active = 1'
    )
  }

  raise(issue: NewSupplyIssue): SupplyIssueView {
    const id = Number(this.insert.run(issue).lastInsertRowid)
    return this.view(id)
  }

  resolve(id: number, by: string, at: string, note: string | null): SupplyIssueView {
    const issue = this.byId.get(id)
    if (!issue) throw new CounterError('not_found', `There is no supply issue ${id}.`)
    if (issue.active !== 1)
      throw new CounterError(
        'conflict',
        `Supply issue ${id} was already resolved by ${issue.resolved_by ?? 'someone'}.`
      )
    this.close.run(at, by, note, id)
    return this.view(id)
  }

  /** Active issues on any of these products. */
  active(dmdIds: readonly string[]): SupplyIssueView[] {
    if (dmdIds.length === 0) return []
    return this.activeFor.all(JSON.stringify(dmdIds)).map(toView)
  }

  list(activeOnly: boolean): SupplyIssueView[] {
    return (activeOnly ? this.allActive : this.everything).all().map(toView)
  }

  view(id: number): SupplyIssueView {
    const row = this.byId.get(id)
    if (!row) throw new CounterError('not_found', `There is no supply issue ${id}.`)
    return toView(row)
  }
}

function toView(row: IssueRow): SupplyIssueView {
  return {
    id: row.id,
    dmdId: row.dmd_id,
    productName: row.product_name ?? row.dmd_id,
    source: row.source,
    reference: row.reference,
    reason: row.reason,
    expectedReturn: row.expected_return,
    active: row.active === 1,
    raisedAt: row.raised_at,
    raisedBy: row.raised_by,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by
  }
}
