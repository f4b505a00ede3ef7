import { describe, expect, it } from 'vitest'
import type { ScanView } from '@shared/contract/device-views'
import { classifyScan } from '@shared/scan/classify'
import { bagLabelPayload, dispensingLabelPayload, requestLabelPayload } from '@shared/scan/own-labels'
import { describeScan } from './describe'

/** 64 characters: its labels carry the short form. */
const LONG_ID = `fr${'/ %:?#&+'.repeat(8)}`.slice(0, 62) + 'z8'

/** What main answers for a scan: a label naming a request here carries its id, one naming none does not. */
function scanned(raw: string, heldHere: string | null): { raw: string; view: ScanView; error: null } {
  const classification = classifyScan(raw)
  const resolved =
    (classification.kind === 'request-label' || classification.kind === 'bag-label') && classification.shortRef
      ? { ...classification, requestId: heldHere }
      : classification
  return {
    raw,
    error: null,
    view: {
      id: 1,
      at: '',
      source: 'wedge',
      device: 'keyboard',
      classification: resolved,
      requestId: heldHere,
      pack: null
    }
  }
}

describe('a label whose short form no request here carries', () => {
  it.each([
    ['a request label', requestLabelPayload(LONG_ID)],
    ['a dispensing label', dispensingLabelPayload(LONG_ID, 7, 2)],
    ['a bag label', bagLabelPayload(LONG_ID, 1)]
  ])('%s: says plainly it is not known here and shows what was read', (_, raw) => {
    expect(raw).toMatch(/^PC-(REQ|BAG):%%/)
    const description = describeScan(scanned(raw, null))
    expect(description.tone).toBe('unknown')
    expect(description.headline).toMatch(/not known here/i)
    expect(description.read).toBe(raw)
    // It names no request: the short form is not shown as if it were one.
    expect(description.headline).not.toMatch(/Request label: %%|Bag label: %%|pack of %%/)
  })

  it('a short form that finds its request reads as that request', () => {
    const description = describeScan(scanned(requestLabelPayload(LONG_ID), LONG_ID))
    expect(description).toMatchObject({ tone: 'label', headline: `Request label: ${LONG_ID}`, read: null })
  })
})
