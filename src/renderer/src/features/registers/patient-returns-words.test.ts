import { describe, expect, it } from 'vitest'
import { destructionInWords, drugInWords } from '@shared/registers/words'
import { returnableLines } from './patient-returns-words'

const line = (lineId: string, controlledDrugSchedule: number | string | null) => ({
  lineId,
  product: { dmdCode: '1', name: lineId, controlledDrugSchedule }
})

describe('CDs returned by patients, in words', () => {
  it('are offered on a delivered request, for its Schedule 2 lines only', () => {
    const items = [line('morphine', 2), line('sertraline', null), line('diazepam', 4)]
    expect(returnableLines('delivered', true, items).map((item) => item.lineId)).toEqual(['morphine'])
    expect(returnableLines('dispatched', true, items)).toEqual([])
    expect(returnableLines('collected', true, items)).toEqual([])
    expect(returnableLines('delivered', false, [line('sertraline', null)])).toEqual([])
    // Sent as text, as Phensys may: still Schedule 2.
    expect(returnableLines('delivered', true, [line('oxycodone', '2')]).map((item) => item.lineId)).toEqual([
      'oxycodone'
    ])
    // A CD the catalogue knows but Phensys sent no Schedule 2 for: main decides, so every line is offered.
    expect(returnableLines('delivered', true, [line('a', null), line('b', 3)]).map((item) => item.lineId)).toEqual([
      'a',
      'b'
    ])
  })

  it('name the drug with its form and strength, and the destruction with its date, who and witness', () => {
    expect(drugInWords({ drug: 'Morphine', form: 'modified-release tablet', strength: '10mg' })).toBe(
      'Morphine, modified-release tablet, 10mg'
    )
    expect(drugInWords({ drug: 'Morphine', form: null, strength: null })).toBe('Morphine')
    expect(destructionInWords({ destruction: null })).toBe('Not yet destroyed')
    expect(
      destructionInWords({
        destruction: { destroyedAt: '2026-07-01T23:30:00.000Z', destroyedBy: 'A Pharmacist', witness: 'Ann Other' }
      })
    ).toBe('Destroyed 02/07/2026, 00:30 by A Pharmacist, witnessed by Ann Other')
  })
})
