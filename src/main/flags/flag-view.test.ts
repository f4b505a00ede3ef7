import { describe, expect, it } from 'vitest'
import { toFlagView } from './flag-view'
import type { FlagRow } from './flags-repo'

const row = (overrides: Partial<FlagRow>): FlagRow => ({
  id: 1,
  requestId: 'fr_1',
  lineId: 'l1',
  kind: 'high_risk',
  key: 'high_risk:l1:opioid',
  path: 'prescription.items[l1]',
  raw: '{"entry":"opioid","edition":"training 1"}',
  words: 'Morphine: an opioid.',
  blocks: '[]',
  source: 'safety',
  raisedVersion: 1,
  raisedAt: '2026-11-26T09:00:00.000Z',
  status: 'open',
  proposal: null,
  proposedAt: null,
  proposedById: null,
  proposedByName: null,
  resolution: null,
  resolutionDetail: null,
  resolvedAt: null,
  resolvedById: null,
  resolvedByName: null,
  closedVersion: null,
  closedAt: null,
  ...overrides
})

describe("a flag's view", () => {
  it('shows no raw value as sent by Phensys for a flag the counter raised itself', () => {
    expect(toFlagView(row({})).rawShown).toBeNull()
    expect(toFlagView(row({ source: 'dispatch', kind: 'partial_return', raw: '{"parcels":[1]}' })).rawShown).toBeNull()
  })

  it("shows an intake flag's value as Phensys sent it, hidden characters visible", () => {
    expect(toFlagView(row({ source: 'intake', kind: 'control_characters', raw: '"Take\\u0000 one"' })).rawShown).toBe(
      '"Take␀ one"'
    )
    expect(toFlagView(row({ source: 'intake', kind: 'unreadable_value', raw: null })).rawShown).toBe('(missing)')
  })
})
