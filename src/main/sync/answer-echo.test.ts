import { describe, expect, it } from 'vitest'
import { readSnapshot } from '../../shared/phensys/read-snapshot'
import type { Snapshot } from '../../shared/phensys/snapshot'
import { requestBody } from '../../../test/helpers/request-body'
import { echoOf } from './answer-echo'

function stored(): Snapshot {
  const reading = readSnapshot({
    ...requestBody('fr_E'),
    version: 3,
    state: 'sent_to_provider',
    createdAt: '2026-11-26T09:12:00Z',
    updatedAt: '2026-11-26T09:15:00Z'
  })
  if (!reading.ok || reading.findings.length > 0) throw new Error('the stored request must read cleanly')
  return reading.snapshot
}

/** The stored request as Phensys would send it back after `accepted`, changed by `change`. */
function answer(change: (body: Record<string, unknown>) => void = () => undefined): Record<string, unknown> {
  const body = JSON.parse(JSON.stringify(stored())) as Record<string, unknown>
  Object.assign(body, { version: 4, state: 'in_fulfilment', updatedAt: '2026-11-26T10:02:11Z' })
  change(body)
  return body
}

describe('an answer that only echoes the event', () => {
  it('moves the stored request to its version, state and time, whatever the order of its fields', () => {
    const reordered = Object.fromEntries(Object.entries(answer()).reverse())
    expect(echoOf(stored(), reordered)).toEqual({
      ...stored(),
      version: 4,
      state: 'in_fulfilment',
      updatedAt: '2026-11-26T10:02:11Z'
    })
  })

  it("takes the patient's options that come with awaiting their decision, and their going with it", () => {
    const offered = answer((b) => Object.assign(b, { state: 'awaiting_patient_decision', options: ['wait', 'cancel'] }))
    const awaiting = echoOf(stored(), offered)
    expect(awaiting).toMatchObject({ version: 4, state: 'awaiting_patient_decision', options: ['wait', 'cancel'] })
    const back: Record<string, unknown> = { ...offered, version: 5, state: 'in_fulfilment' }
    delete back.options
    expect(echoOf(awaiting!, back)).not.toHaveProperty('options')
    expect(echoOf(awaiting!, back)).toMatchObject({ version: 5, state: 'in_fulfilment' })
  })

  it.each([
    ['an option the counter does not know', (b: Record<string, unknown>) => void (b.options = ['wait', 'refund'])],
    ['options that are not a list', (b: Record<string, unknown>) => void (b.options = 'wait')],
    ['a version not newer', (b: Record<string, unknown>) => void (b.version = 3)],
    [
      'a version more than one higher (versions the counter never read)',
      (b: Record<string, unknown>) => void (b.version = 6)
    ],
    ['a version that is not a whole number', (b: Record<string, unknown>) => void (b.version = 4.5)],
    ['a state the counter does not know', (b: Record<string, unknown>) => void (b.state = 'on_hold')],
    ['a time that is not one', (b: Record<string, unknown>) => void (b.updatedAt = 'soon')],
    ['a field added', (b: Record<string, unknown>) => void (b.priority = 'urgent')],
    ['a field gone', (b: Record<string, unknown>) => void delete b.payment],
    [
      'a nested value changed',
      (b: Record<string, unknown>) => void ((b.delivery as { instructions: string }).instructions = 'Back door')
    ],
    [
      'an item changed',
      (b: Record<string, unknown>) =>
        void ((b.prescription as { items: Array<{ quantity: number }> }).items[0]!.quantity = 56)
    ],
    [
      'an item added',
      (b: Record<string, unknown>) => {
        const items = (b.prescription as { items: unknown[] }).items
        items.push(items[0])
      }
    ],
    ['the creation time changed', (b: Record<string, unknown>) => void (b.createdAt = '2026-11-26T09:13:00Z')]
  ])('is not one with %s', (_what, change) => {
    expect(echoOf(stored(), answer(change))).toBeNull()
  })

  it('is not one when the answer is not an object', () => {
    expect(echoOf(stored(), null)).toBeNull()
    expect(echoOf(stored(), [answer()])).toBeNull()
  })
})
