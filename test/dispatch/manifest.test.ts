import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_CARRIERS } from '../../src/shared/dispatch/carriers'
import { pdfPageTexts } from '../helpers/pdf-text'
import { bagScanFor, supplyByCarrier, supplyByCollection, trackingNumberFor } from '../helpers/supply'
import { checkedForDispatch, deliveredTo, dispatchWorld, later, type DispatchWorld } from './world'
import { answerValue as value } from '../helpers/answer'

const HOUR = 3_600_000
let w: DispatchWorld

// The clock starts at 2026-11-26T09:00Z: two Royal Mail parcels of one request, one untracked
// Parcelforce parcel and a collection that day; one more Royal Mail parcel the next day.
beforeAll(async () => {
  w = await dispatchWorld()
  await value(
    w.core.call(w.admin, 'dispatch.saveCarriers', {
      services: [
        ...DEFAULT_CARRIERS.services,
        {
          code: 'parcelforce_48',
          carrier: 'Parcelforce',
          service: 'Express 48',
          tracking: 'none',
          pattern: null,
          enabled: true
        }
      ]
    })
  )
  await checkedForDispatch(w, 'fr_MAN_TWO', deliveredTo('Ada Lovelace', 'LS2 7HY'))
  await checkedForDispatch(w, 'fr_MAN_PF', deliveredTo('Ben Okri', 'M1 1AE', 'parcelforce_48'))
  await checkedForDispatch(w, 'fr_MAN_COLLECT', deliveredTo('Cat Stevens', 'LS1 1AA', 'collect'))
  await supplyByCarrier(w.core, w.checker, 'fr_MAN_TWO', { parcels: 2 })
  await value(
    w.core.call(w.checker, 'requests.pack', { id: 'fr_MAN_PF', bagScan: bagScanFor('fr_MAN_PF'), parcels: 1 })
  )
  await value(w.core.call(w.checker, 'requests.dispatch', { id: 'fr_MAN_PF', trackingNumbers: [] }))
  await supplyByCollection(w.core, w.checker, 'fr_MAN_COLLECT')
  await later(w, 24 * HOUR)
  await checkedForDispatch(w, 'fr_MAN_NEXT', deliveredTo('Dee Dee', 'YO1 7HH'))
  await supplyByCarrier(w.core, w.checker, 'fr_MAN_NEXT')
}, 120_000)
afterAll(async () => w?.stop())

describe('the end-of-day manifest', () => {
  it('lists each carrier’s parcels of the day: a two-parcel request twice, with both tracking numbers; a collection is on none', async () => {
    const view = await value(w.core.call(w.assembler, 'dispatch.manifest', { date: '2026-11-26' }))
    expect(view.carriers.map((c) => c.carrier)).toEqual(['Parcelforce', 'Royal Mail'])
    const royalMail = view.carriers.find((c) => c.carrier === 'Royal Mail')!
    expect(royalMail.parcels).toEqual([
      {
        requestId: 'fr_MAN_TWO',
        parcelNo: 1,
        parcels: 2,
        service: 'Tracked 24',
        trackingNumber: trackingNumberFor('fr_MAN_TWO', 1),
        recipient: 'Ada Lovelace',
        postcode: 'LS2 7HY',
        dispatchedAt: '2026-11-26T09:00:00.000Z',
        pull: null
      },
      {
        requestId: 'fr_MAN_TWO',
        parcelNo: 2,
        parcels: 2,
        service: 'Tracked 24',
        trackingNumber: trackingNumberFor('fr_MAN_TWO', 2),
        recipient: 'Ada Lovelace',
        postcode: 'LS2 7HY',
        dispatchedAt: '2026-11-26T09:00:00.000Z',
        pull: null
      }
    ])
    expect(view.carriers.find((c) => c.carrier === 'Parcelforce')!.parcels).toEqual([
      {
        requestId: 'fr_MAN_PF',
        parcelNo: 1,
        parcels: 1,
        service: 'Express 48',
        trackingNumber: null,
        recipient: 'Ben Okri',
        postcode: 'M1 1AE',
        dispatchedAt: '2026-11-26T09:00:00.000Z',
        pull: null
      }
    ])
    expect(JSON.stringify(view)).not.toContain('fr_MAN_COLLECT')
  })

  it('files a parcel under the day it left: the next day’s parcel is on the next day’s manifest only, and a quiet day is empty', async () => {
    const next = await value(w.core.call(w.assembler, 'dispatch.manifest', { date: '2026-11-27' }))
    expect(next.carriers).toEqual([
      {
        carrier: 'Royal Mail',
        parcels: [
          expect.objectContaining({ requestId: 'fr_MAN_NEXT', trackingNumber: trackingNumberFor('fr_MAN_NEXT') })
        ]
      }
    ])
    expect(await value(w.core.call(w.assembler, 'dispatch.manifest', { date: '2026-11-25' }))).toEqual({
      date: '2026-11-25',
      carriers: []
    })
  })

  it('prints one carrier’s manifest as a PDF listing its parcels, and refuses a carrier with none that day', async () => {
    const file = await value(
      w.core.call(w.assembler, 'dispatch.manifestPdf', { date: '2026-11-26', carrier: 'Royal Mail' })
    )
    expect(file).toMatchObject({ fileName: 'manifest-royal-mail-2026-11-26.pdf', mimeType: 'application/pdf' })
    const text = (await pdfPageTexts(Buffer.from(file.base64, 'base64'))).join('\n')
    expect(text).toContain('Royal Mail manifest, 2026-11-26')
    expect(text).toContain('2 parcels')
    for (const n of [1, 2]) expect(text).toContain(trackingNumberFor('fr_MAN_TWO', n))
    expect(text).toContain('1 of 2')
    expect(text).toContain('2 of 2')
    expect(text).toContain('Ada Lovelace')
    expect(text).toContain('LS2 7HY')
    expect(text).not.toContain('fr_MAN_PF')
    expect(text).not.toContain('fr_MAN_NEXT')

    const untracked = (
      await pdfPageTexts(
        Buffer.from(
          (
            await value(
              w.core.call(w.assembler, 'dispatch.manifestPdf', { date: '2026-11-26', carrier: 'Parcelforce' })
            )
          ).base64,
          'base64'
        )
      )
    ).join('\n')
    expect(untracked).toContain('(untracked)')
    expect(untracked).toContain('Ben Okri')

    expect(
      await w.core.call(w.assembler, 'dispatch.manifestPdf', { date: '2026-11-25', carrier: 'Royal Mail' })
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'No parcels went with Royal Mail on 2026-11-25.' }
    })
  })
})
