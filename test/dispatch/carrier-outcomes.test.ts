import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OutcomeImportReport } from '../../src/shared/contract'
import { settle } from '../helpers/linked'
import { supplyByCarrier, trackingNumberFor } from '../helpers/supply'
import { recordedEvents } from '../stock/helpers'
import { checkedForDispatch, dispatchWorld, later, type DispatchWorld } from './world'

let w: DispatchWorld

// Everything leaves at 2026-11-26T09:00Z; the carriers' files are read on 2027-07-01 at 16:00
// London time, so dates in both GMT (November) and BST (July) are in the past.
const REQUESTS = ['fr_OUT_BOTH', 'fr_OUT_HALF', 'fr_OUT_BACK', 'fr_OUT_IDLE', 'fr_OUT_BST', 'fr_OUT_AGAIN'] as const
beforeAll(async () => {
  w = await dispatchWorld()
  for (const id of REQUESTS) {
    await checkedForDispatch(w, id)
    await supplyByCarrier(w.core, w.checker, id, {
      parcels: id === 'fr_OUT_BOTH' || id === 'fr_OUT_HALF' || id === 'fr_OUT_AGAIN' ? 2 : 1
    })
  }
  await settle(w.core)
  await later(w, Date.parse('2027-07-01T15:00:00Z') - w.clock.now().getTime())
}, 180_000)
afterAll(async () => w?.stop())

const tracking = trackingNumberFor
const csv = (...lines: string[]): string => ['Tracking number,Status,Date', ...lines].join('\r\n') + '\r\n'

async function importFile(fileName: string, text: string): Promise<OutcomeImportReport> {
  const answer = await w.core.call(w.assembler, 'dispatch.importOutcomes', { fileName, csv: text })
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.value
}

const stageOf = (id: string): string | undefined => w.core.internals.requests.get(id)?.row.stage

async function eventsAtPhensys(id: string): Promise<string[]> {
  await settle(w.core)
  return (await recordedEvents(w.l, id)).map((e) => e.type)
}

const DISPATCHED_EVENTS = [
  'accepted',
  'stock.available',
  'dispensing.started',
  'dispensing.labelled',
  'dispensing.checked',
  'packed',
  'dispatched'
]

describe('importing a carrier’s outcomes (CSV)', () => {
  it('a request is delivered when every parcel is: Phensys hears `delivered` once, at the last parcel’s time, read as London time', async () => {
    const report = await importFile(
      'rm-both.csv',
      csv(
        `${tracking('fr_OUT_BOTH', 1)},Delivered,27/11/2026 14:05`,
        `${tracking('fr_OUT_BOTH', 2)},"Delivered, left with neighbour",27/11/2026 16:40`
      )
    )
    expect(report).toEqual({
      applied: 2,
      problems: 0,
      lines: [
        {
          line: 2,
          trackingNumber: tracking('fr_OUT_BOTH', 1),
          result: 'applied',
          requestId: 'fr_OUT_BOTH',
          outcome: 'delivered'
        },
        {
          line: 3,
          trackingNumber: tracking('fr_OUT_BOTH', 2),
          result: 'applied',
          requestId: 'fr_OUT_BOTH',
          outcome: 'delivered'
        }
      ]
    })
    expect(stageOf('fr_OUT_BOTH')).toBe('delivered')
    expect(await eventsAtPhensys('fr_OUT_BOTH')).toEqual([...DISPATCHED_EVENTS, 'delivered'])
    const events = await recordedEvents(w.l, 'fr_OUT_BOTH')
    // November is GMT: 14:05 and 16:40 London are the same in UTC.
    expect(events.at(-1)).toMatchObject({
      type: 'delivered',
      data: { deliveredAt: '2026-11-27T16:40:00.000Z' },
      stateAfter: 'delivered'
    })
    expect(await w.core.call(w.assembler, 'dispatch.shipment', { id: 'fr_OUT_BOTH' })).toMatchObject({
      ok: true,
      value: {
        parcelList: [
          {
            parcelNo: 1,
            outcome: 'delivered',
            outcomeAt: '2026-11-27T14:05:00.000Z',
            outcomeNote: 'rm-both.csv line 2: Delivered'
          },
          { parcelNo: 2, outcome: 'delivered', outcomeAt: '2026-11-27T16:40:00.000Z' }
        ]
      }
    })
  })

  it('reads a summer date as BST', async () => {
    expect(await importFile('rm-bst.csv', csv(`${tracking('fr_OUT_BST')},Delivered,01/07/2027 14:05`))).toMatchObject({
      applied: 1
    })
    await settle(w.core)
    expect((await recordedEvents(w.l, 'fr_OUT_BST')).at(-1)).toMatchObject({
      type: 'delivered',
      data: { deliveredAt: '2027-07-01T13:05:00.000Z' }
    })
  })

  it('one parcel of two delivered records that parcel and leaves the request dispatched, with nothing sent', async () => {
    const report = await importFile('rm-half.csv', csv(`${tracking('fr_OUT_HALF', 2)},Delivered,28/11/2026 10:00`))
    expect(report).toMatchObject({
      applied: 1,
      problems: 0,
      lines: [{ result: 'applied', requestId: 'fr_OUT_HALF', outcome: 'delivered' }]
    })
    expect(stageOf('fr_OUT_HALF')).toBe('dispatched')
    expect(await eventsAtPhensys('fr_OUT_HALF')).toEqual(DISPATCHED_EVENTS)
    expect(await w.core.call(w.assembler, 'dispatch.shipment', { id: 'fr_OUT_HALF' })).toMatchObject({
      ok: true,
      value: {
        parcelList: [
          { parcelNo: 1, outcome: null },
          { parcelNo: 2, outcome: 'delivered' }
        ]
      }
    })
  })

  it('a parcel returned to sender makes the request returned and asks Phensys about the address (query.raised)', async () => {
    const report = await importFile(
      'rm-back.csv',
      csv(`${tracking('fr_OUT_BACK')},Returned to sender,29/11/2026 09:30`)
    )
    expect(report).toMatchObject({
      applied: 1,
      problems: 0,
      lines: [{ result: 'applied', requestId: 'fr_OUT_BACK', outcome: 'returned' }]
    })
    expect(stageOf('fr_OUT_BACK')).toBe('returned_to_sender')
    expect(await eventsAtPhensys('fr_OUT_BACK')).toEqual([...DISPATCHED_EVENTS, 'query.raised'])
    const query = (await recordedEvents(w.l, 'fr_OUT_BACK')).at(-1)!
    expect(query.data).toMatchObject({
      reason: 'address',
      message: expect.stringContaining('came back to the pharmacy on 2026-11-29')
    })
    // The register's supply gets a dated note that it came back, naming the file's line.
    const pom = await w.core.call(w.assembler, 'registers.pom.list', {
      from: '2020-01-01',
      to: '2099-12-31',
      search: 'fr_OUT_BACK'
    })
    expect(pom.ok && pom.value.entries.map((e) => [e.kind, e.supplyNo, e.note])).toEqual([
      ['supply', 1, null],
      [
        'correction',
        1,
        expect.stringContaining(
          'Returned to sender: the parcel came back to the pharmacy on 29/11/2026 (rm-back.csv line'
        )
      ]
    ])
  })

  it('reports unmatched, unreadable and in-transit lines and applies none of them', async () => {
    const idle = tracking('fr_OUT_IDLE')
    const report = await importFile(
      'rm-mixed.csv',
      csv(
        'ZZ999999995GB,Delivered,27/11/2026 10:00',
        `${idle},Delivered,next Tuesday`,
        `${idle},In transit,27/11/2026 08:00`,
        `${idle},Out for delivery,27/11/2026 07:00`,
        ',Delivered,27/11/2026 10:00',
        `${idle},Delivered,25/11/2026 10:00`,
        `"${idle},Delivered,27/11/2026 10:00`
      )
    )
    expect(report.applied).toBe(0)
    expect(report.problems).toBe(7)
    expect(report.lines).toEqual([
      {
        line: 2,
        trackingNumber: 'ZZ999999995GB',
        result: 'unmatched',
        message: 'No parcel sent from here has tracking number ZZ999999995GB.'
      },
      {
        line: 3,
        trackingNumber: idle,
        result: 'unreadable',
        message: '"next Tuesday" is not a date (expected 2026-11-27 14:05 or 27/11/2026 14:05).'
      },
      {
        line: 4,
        trackingNumber: idle,
        result: 'unreadable',
        message: '"In transit" is neither delivered nor returned; nothing to record.'
      },
      {
        line: 5,
        trackingNumber: idle,
        result: 'unreadable',
        message: '"Out for delivery" is neither delivered nor returned; nothing to record.'
      },
      { line: 6, trackingNumber: null, result: 'unreadable', message: 'No tracking number on this line.' },
      {
        line: 7,
        trackingNumber: idle,
        result: 'refused',
        message: '25/11/2026 10:00 is outside the time since dispatch (2026-11-26T09:00:00.000Z).'
      },
      {
        line: 8,
        trackingNumber: null,
        result: 'unreadable',
        message:
          'This line could not be read: a quoted field is never closed; this record was skipped and reading resumed on the next line.'
      }
    ])
    expect(stageOf('fr_OUT_IDLE')).toBe('dispatched')
    expect(await eventsAtPhensys('fr_OUT_IDLE')).toEqual(DISPATCHED_EVENTS)
    const audit = w.core.internals.audit
      .list({ limit: 200 })
      .find((e) => e.command === 'dispatch.importOutcomes' && JSON.stringify(e.summary).includes('rm-mixed.csv'))
    expect(audit?.summary).toMatchObject({ fileName: 'rm-mixed.csv', lines: 7, applied: 0, problems: 7 })
  })

  it('importing the same file again changes nothing: every line is already recorded and Phensys hears nothing more', async () => {
    const text = csv(
      `${tracking('fr_OUT_AGAIN', 1)},Delivered,27/11/2026 14:05`,
      `${tracking('fr_OUT_AGAIN', 2)},Delivered,27/11/2026 14:06`
    )
    expect(await importFile('rm-again.csv', text)).toMatchObject({ applied: 2, problems: 0 })
    expect(await eventsAtPhensys('fr_OUT_AGAIN')).toEqual([...DISPATCHED_EVENTS, 'delivered'])
    expect(await importFile('rm-again.csv', text)).toEqual({
      applied: 0,
      problems: 0,
      lines: [
        { line: 2, trackingNumber: tracking('fr_OUT_AGAIN', 1), result: 'already_recorded', requestId: 'fr_OUT_AGAIN' },
        { line: 3, trackingNumber: tracking('fr_OUT_AGAIN', 2), result: 'already_recorded', requestId: 'fr_OUT_AGAIN' }
      ]
    })
    expect(await eventsAtPhensys('fr_OUT_AGAIN')).toEqual([...DISPATCHED_EVENTS, 'delivered'])
    expect(stageOf('fr_OUT_AGAIN')).toBe('delivered')
  })

  it('refuses a file it cannot read at all, saying what it saw and what it expected', async () => {
    expect(
      await w.core.call(w.assembler, 'dispatch.importOutcomes', {
        fileName: 'orders.csv',
        csv: 'Order,Customer\n1,A\n'
      })
    ).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message:
          'The header (Order, Customer) has no column for a tracking number, a status, a date; expected e.g. "Tracking number, Status, Date".'
      }
    })
  })
})
