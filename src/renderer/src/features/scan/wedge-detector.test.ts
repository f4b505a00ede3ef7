import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { GS, WedgeDetector, type DetectorSettings, type WedgeKey } from './wedge-detector'

type Stroke = Omit<WedgeKey, 'at'>

const DEFAULTS: DetectorSettings = { maxGapMs: 35, minLength: 6, gsSubstitute: null }

function charKey(key: string): Stroke {
  return { key, ctrlKey: false, altKey: false }
}
const ENTER = charKey('Enter')
const TAB = charKey('Tab')
const SHIFT = charKey('Shift')

type GsVariant = 'gs-char' | 'ctrl-bracket' | 'alt-code' | 'substitute' | 'missing'

/** The keystrokes a scanner sends for one character of a scan. */
function strokesFor(char: string, variant: GsVariant, substitute: string): Stroke[] {
  if (char !== GS) return /[A-Z]/.test(char) ? [SHIFT, charKey(char)] : [charKey(char)]
  switch (variant) {
    case 'gs-char':
      return [charKey(GS)]
    case 'ctrl-bracket':
      return [charKey('Control'), { key: ']', code: 'BracketRight', ctrlKey: true, altKey: false }]
    case 'alt-code':
      return [
        charKey('Alt'),
        ...'0029'.split('').map((d) => ({ key: d, code: `Numpad${d}`, ctrlKey: false, altKey: true }))
      ]
    case 'substitute':
      return substitute.split('').map(charKey)
    case 'missing':
      return []
  }
}

interface Outcome {
  /** Keys delivered as typing (passed or released), in the order they would reach the page. */
  delivered: string[]
  scans: string[]
  /** Every non-modifier key, in the order it was let go of (delivered or as part of a scan). */
  emitted: Stroke[]
}

/** Runs keys through a detector at the given times; a timer fires after the last key. */
function run(
  settings: DetectorSettings,
  keys: Stroke[],
  gaps: (index: number) => number,
  isScan?: (text: string) => boolean
): Outcome {
  const detector = new WedgeDetector(settings)
  const outcome: Outcome = { delivered: [], scans: [], emitted: [] }
  const deliver = (keys: WedgeKey[]): void => {
    for (const key of keys) {
      outcome.delivered.push(key.key)
      outcome.emitted.push(key)
    }
  }
  let at = 1000
  keys.forEach((stroke, index) => {
    at += index === 0 ? 0 : gaps(index)
    const key: WedgeKey = { ...stroke, at }
    const step = detector.feed(key, isScan)
    deliver(step.release)
    if (step.action === 'pass' && !['Shift', 'Control', 'Alt'].includes(key.key)) deliver([key])
    if (step.scan) {
      outcome.scans.push(step.scan.text)
      outcome.emitted.push(...step.scan.keys)
    }
  })
  deliver(detector.expire(Number.POSITIVE_INFINITY))
  return outcome
}

const burst = (): number => 8
const typeScan = (text: string, variant: GsVariant = 'gs-char', substitute = '', terminator = ENTER): Stroke[] => [
  ...text.split('').flatMap((char) => strokesFor(char, variant, substitute)),
  terminator
]

const PACK = `0109506000134352${'10'}AB12${GS}17301231${'21'}XYZ`

describe('WedgeDetector', () => {
  it('reads a GS1 pack code sent as a burst, with each way of sending GS', () => {
    for (const variant of ['gs-char', 'ctrl-bracket', 'alt-code'] as const) {
      const outcome = run(DEFAULTS, typeScan(PACK, variant), burst)
      expect(outcome.scans).toEqual([PACK])
      expect(outcome.delivered).toEqual([])
    }
  })

  it('turns a configured substitute into GS, and leaves a scanner that drops GS as it is', () => {
    expect(run({ ...DEFAULTS, gsSubstitute: '<GS>' }, typeScan(PACK, 'substitute', '<GS>'), burst).scans).toEqual([
      PACK
    ])
    expect(run(DEFAULTS, typeScan(PACK, 'missing'), burst).scans).toEqual([PACK.replace(GS, '')])
  })

  it('ends a scan with Tab as well as Enter', () => {
    expect(run(DEFAULTS, typeScan('5012345678900', 'gs-char', '', TAB), burst).scans).toEqual(['5012345678900'])
  })

  it('hands a burst back as typing when it is too short, or has no terminator', () => {
    const short = run(DEFAULTS, typeScan('abc'), burst)
    expect(short.scans).toEqual([])
    expect(short.delivered).toEqual(['a', 'b', 'c', 'Enter'])
    const unterminated = run(DEFAULTS, 'abcdefghij'.split('').map(charKey), burst)
    expect(unterminated.delivered.join('')).toBe('abcdefghij')
  })

  it('hands a fast, long burst back as typing, its Enter passing, when the caller turns it down', () => {
    const numbersOnly = (text: string) => !/^\d+$/.test(text)
    const quantity = run(DEFAULTS, typeScan('1000000'), burst, numbersOnly)
    expect(quantity.scans).toEqual([])
    expect(quantity.delivered).toEqual([...'1000000'.split(''), 'Enter'])
    expect(run(DEFAULTS, typeScan(PACK), burst, numbersOnly).scans).toEqual([PACK])
  })

  it('hands a burst back when an ordinary key interrupts it, before that key', () => {
    const outcome = run(DEFAULTS, [...'abcdefgh'.split('').map(charKey), charKey('Backspace'), ENTER], burst)
    expect(outcome.scans).toEqual([])
    expect(outcome.delivered).toEqual([...'abcdefgh'.split(''), 'Backspace', 'Enter'])
  })

  it('treats a held-down key (auto-repeat) as typing', () => {
    const keys: Stroke[] = [
      charKey('a'),
      ...Array.from({ length: 10 }, () => ({ ...charKey('a'), repeat: true })),
      ENTER
    ]
    const outcome = run(DEFAULTS, keys, () => 30)
    expect(outcome.scans).toEqual([])
    expect(outcome.delivered.join('')).toBe('aaaaaaaaaaaEnter')
  })

  it('types AltGr characters and ends a burst on an Alt shortcut', () => {
    const altGr: Stroke = { key: '€', code: 'Digit4', ctrlKey: true, altKey: true }
    expect(run(DEFAULTS, [charKey('1'), altGr, ...'23456'.split('').map(charKey), ENTER], burst).scans).toEqual([
      '1€23456'
    ])
    const shortcut: Stroke = { key: 'f', code: 'KeyF', ctrlKey: false, altKey: true }
    expect(run(DEFAULTS, [...'123456'.split('').map(charKey), shortcut], burst).delivered).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      'f'
    ])
  })

  it('says when held keys expire', () => {
    const detector = new WedgeDetector(DEFAULTS)
    expect(detector.deadline()).toBeNull()
    detector.feed({ ...charKey('x'), at: 100 })
    expect(detector.deadline()).toBe(135)
    expect(detector.expire(135)).toEqual([])
    expect(detector.expire(136).map((key) => key.key)).toEqual(['x'])
    expect(detector.holding).toBe(false)
  })
})

// ---- properties ----

const settingsArb = fc.record({
  maxGapMs: fc.integer({ min: 5, max: 200 }),
  minLength: fc.integer({ min: 3, max: 50 }),
  gsSubstitute: fc.constantFrom<string | null>(null, '|', '<GS>')
})

const printable = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)) },
  { weight: 1, arbitrary: fc.constantFrom('é', '£', 'Ł', 'ß') }
)

describe('WedgeDetector properties', () => {
  it('never reports a person typing with gaps longer than maxGapMs as a scan, and delivers every key once, in order', () => {
    const humanKey = fc.oneof(
      { weight: 10, arbitrary: printable.map(charKey) },
      { weight: 1, arbitrary: fc.constantFrom(ENTER, TAB, charKey('Backspace'), SHIFT) }
    )
    fc.assert(
      fc.property(
        settingsArb,
        fc.array(humanKey, { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 60, maxLength: 60 }),
        (settings, keys, extra) => {
          const outcome = run(settings, keys, (index) => settings.maxGapMs + (extra[index] ?? 1))
          expect(outcome.scans).toEqual([])
          expect(outcome.delivered).toEqual(keys.filter((key) => key.key !== 'Shift').map((key) => key.key))
        }
      )
    )
  })

  it('reports any scan typed as a burst exactly, with each GS variant', () => {
    const variantArb = fc.constantFrom<GsVariant>('gs-char', 'ctrl-bracket', 'alt-code', 'substitute', 'missing')
    fc.assert(
      fc.property(
        settingsArb,
        variantArb,
        fc.array(printable, { minLength: 50, maxLength: 80 }),
        fc.array(fc.nat(79), { maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 400, maxLength: 400 }),
        fc.boolean(),
        (settings, variant, chars, gsAt, gapSeeds, tab) => {
          const substitute = variant === 'substitute' ? (settings.gsSubstitute ?? '|') : ''
          const effective = { ...settings, gsSubstitute: variant === 'substitute' ? substitute : settings.gsSubstitute }
          // The substitute must not occur in the data itself (it would read as a separator too).
          const clean = chars.filter((char) => !'|<'.includes(char))
          fc.pre(clean.length >= effective.minLength)
          for (const position of gsAt) if (position > 0 && position < clean.length) clean.splice(position, 0, GS)
          const text = clean.join('')
          const outcome = run(
            effective,
            typeScan(text, variant, substitute, tab ? TAB : ENTER),
            (index) => (gapSeeds[index] ?? 0) % (settings.maxGapMs + 1)
          )
          expect(outcome.scans).toEqual([variant === 'missing' ? text.split(GS).join('') : text])
          expect(outcome.delivered).toEqual([])
        }
      )
    )
  })

  it('accounts for every key exactly once, in order, whatever the timing', () => {
    const anyKey = fc.oneof(
      { weight: 10, arbitrary: printable.map(charKey) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(ENTER, TAB, charKey('ArrowDown'), charKey(GS), {
          key: ']',
          code: 'BracketRight',
          ctrlKey: true,
          altKey: false
        })
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom('0', '2', '9')
          .map((d): Stroke => ({ key: d, code: `Numpad${d}`, ctrlKey: false, altKey: true }))
      }
    )
    fc.assert(
      fc.property(
        settingsArb,
        fc.array(anyKey, { maxLength: 80 }),
        fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 80, maxLength: 80 }),
        (settings, keys, gaps) => {
          const outcome = run(settings, keys, (index) => gaps[index] ?? 0)
          expect(outcome.emitted).toEqual(keys.map((key) => expect.objectContaining(key)))
        }
      )
    )
  })
})
