import { describe, expect, it } from 'vitest'
import { PAIRING_PAYLOAD, wedgeSettingsSchema } from '@shared/devices/settings'
import { learnFromPairing, suggestMaxGap } from './pairing-learn'
import type { TappedKey } from './key-tap'

const DEFAULTS = wedgeSettingsSchema.parse({})
type Stroke = Omit<TappedKey, 'at'>
const plain = (key: string): Stroke => ({ key, code: '', ctrlKey: false, altKey: false, shiftKey: /[A-Z<>]/.test(key) })

function timed(strokes: Stroke[], gap: (index: number) => number): TappedKey[] {
  let at = 500
  return strokes.map((stroke, index) => ({ ...stroke, at: (at += index === 0 ? 0 : gap(index)) }))
}

function strokes(text: string, gs: Stroke[], terminator: string | null = 'Enter'): Stroke[] {
  const out = text.split('').flatMap((char) => (char === '\u001d' ? gs : [plain(char)]))
  return terminator ? [...out, plain(terminator)] : out
}

const CTRL_BRACKET: Stroke[] = [
  plain('Control'),
  { key: ']', code: 'BracketRight', ctrlKey: true, altKey: false, shiftKey: false }
]
const ALT_0029: Stroke[] = [
  plain('Alt'),
  ...'0029'.split('').map((d) => ({ key: d, code: `Numpad${d}`, ctrlKey: false, altKey: true, shiftKey: false }))
]

describe('learnFromPairing', () => {
  it('learns Ctrl+], the largest gap and the terminator', () => {
    const reading = learnFromPairing(
      timed(strokes(PAIRING_PAYLOAD, CTRL_BRACKET), (i) => (i === 10 ? 18 : 4)),
      DEFAULTS
    )
    expect(reading.ok && reading.lesson).toMatchObject({
      separator: { kind: 'gs', via: 'ctrl-bracket' },
      terminator: 'Enter',
      largestGapMs: 18,
      symbologyPrefix: '',
      suggested: { maxGapMs: 36, gsSubstitute: null, gsMissing: false },
      problems: []
    })
  })

  it('learns Alt+0029, a symbology prefix and Tab', () => {
    const reading = learnFromPairing(
      timed(strokes(`]d2${PAIRING_PAYLOAD}`, ALT_0029, 'Tab'), () => 3),
      DEFAULTS
    )
    expect(reading.ok && reading.lesson).toMatchObject({
      separator: { kind: 'gs', via: 'alt-code' },
      terminator: 'Tab',
      symbologyPrefix: ']d2',
      suggested: { maxGapMs: 25 }
    })
  })

  it('learns a substitute, and a scanner that drops the separator', () => {
    const substitute = learnFromPairing(
      timed(strokes(PAIRING_PAYLOAD, '<GS>'.split('').map(plain)), () => 5),
      DEFAULTS
    )
    expect(substitute.ok && substitute.lesson.suggested).toMatchObject({ gsSubstitute: '<GS>', gsMissing: false })
    const missing = learnFromPairing(
      timed(strokes(PAIRING_PAYLOAD, []), () => 5),
      DEFAULTS
    )
    expect(missing.ok && missing.lesson.suggested).toMatchObject({ gsSubstitute: null, gsMissing: true })
  })

  it('says what is wrong: no terminator, too slow, not the pairing code', () => {
    const slow = learnFromPairing(
      timed(strokes(PAIRING_PAYLOAD, [plain('\u001d')], null), () => 150),
      DEFAULTS
    )
    expect(slow.ok && slow.lesson.suggested.maxGapMs).toBe(200)
    expect(slow.ok && slow.lesson.problems.join(' ')).toMatch(/no Enter or Tab.*too slow/)
    const other = learnFromPairing(
      timed(strokes('5012345678900', []), () => 5),
      DEFAULTS
    )
    expect(other).toEqual({ ok: false, read: '5012345678900', message: 'That was not the pairing code.' })
  })

  it('does not count keys typed before the code for timing', () => {
    const keys = timed([plain('x'), ...strokes(PAIRING_PAYLOAD, [plain('\u001d')])], (i) => (i === 1 ? 300 : 6))
    const reading = learnFromPairing(keys, DEFAULTS)
    expect(reading.ok && reading.lesson.largestGapMs).toBe(6)
    expect(reading.ok && reading.lesson.problems[0]).toMatch(/^x was read before the code/)
  })

  it('suggests twice the gap, at least 25 ms, at most the schema maximum', () => {
    expect([suggestMaxGap(3), suggestMaxGap(20.2), suggestMaxGap(150)]).toEqual([25, 41, 200])
  })
})
