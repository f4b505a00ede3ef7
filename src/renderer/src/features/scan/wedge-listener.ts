/**
 * Connects the wedge detector to a window.
 *
 * One keydown listener, in the capture phase at the window, sees every key before the page does.
 * A key that could start or continue a scan is held: its default action is prevented and it goes
 * no further, so nothing lands in a field and no shortcut fires. Then:
 *   - the burst ends in Enter/Tab and is long enough: it is a scan; its keys are dropped (in a
 *     number field, only when it reads as a barcode: a quantity typed fast stays in the field);
 *   - otherwise (a gap longer than maxGapMs — checked by a timer too —, too short, an ordinary
 *     key such as Backspace or an arrow, a click, the window losing focus) the held keys are
 *     typing and are replayed at once, in order, before the key that decided it (see
 *     key-replay.ts). A person's typing is thereby delayed by at most maxGapMs, never lost, and
 *     never doubled: a held key's own default is always prevented, and it is delivered exactly
 *     once, by the replay.
 * Never held: the first key of a would-be burst while the focus is on a select or a date field's part, or Space on a button,
 * whose browser default a replay could not reproduce; IME composition; a dead key and the next.
 * Text that reaches a field without a keydown (an IME, Alt codes Windows turns into a character)
 * is kept in order: while keys are held, it releases them first; a control character (a GS sent
 * that way) inside a burst joins the burst instead of the field.
 */
import { classifyScan } from '@shared/scan/classify'
import { WedgeDetector, type DetectorSettings, type WedgeScan } from './wedge-detector'
import { insertText, replayKey, type HeldKey } from './key-replay'
import type { TappedKey } from './key-tap'

export interface WedgeListenerOptions {
  settings: DetectorSettings
  onScan(scan: WedgeScan<HeldKey>): void
  /** Every trusted keydown, raw (for pairing). */
  onKey?(key: TappedKey): void
}

export interface WedgeListener {
  configure(settings: DetectorSettings): void
  detach(): void
}

/** The timer's slack past a deadline: a key queued behind the timer must not be cut off. */
const TIMER_SLACK_MS = 5

const ACTIVATED_BY_SPACE = new Set(['checkbox', 'radio', 'button', 'submit', 'reset'])

/**
 * Keys whose browser default cannot be replayed (a select's type-ahead, Space on a button, a
 * date field's day, month or year, which takes each digit itself).
 */
function needsNativeKey(event: KeyboardEvent): boolean {
  const target = event.target
  if (target instanceof HTMLSelectElement) return true
  if (target instanceof HTMLElement && target.getAttribute('role') === 'spinbutton') return true
  return (
    event.key === ' ' &&
    (target instanceof HTMLButtonElement || (target instanceof HTMLInputElement && ACTIVATED_BY_SPACE.has(target.type)))
  )
}

/** A field for a number (a quantity, a count): what is typed fast into it stays there unless it is a barcode. */
function numberField(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement &&
    (target.type === 'number' || target.inputMode === 'numeric' || target.inputMode === 'decimal')
  )
}

/**
 * A burst typed into a number field is a scan only when it reads as a code the counter scans (a
 * pack's GS1 or GTIN, a PIP code, one of our labels, a tracking number), or as a GS1 element
 * string or one of our labels that does not read (shown as such, never typed into the field). A
 * quantity typed fast and ended with Enter is none of these: it stays in the field and Enter submits.
 */
function barcode(text: string): boolean {
  const read = classifyScan(text)
  return read.kind !== 'unknown' || read.problem?.looksLike === 'gs1' || read.problem?.looksLike === 'own-label'
}

function controlOnly(text: string): boolean {
  return text.length > 0 && [...text].every((char) => (char.codePointAt(0) ?? 0) < 0x20)
}

export function attachWedgeListener(win: Window, options: WedgeListenerOptions): WedgeListener {
  const doc = win.document
  const detector = new WedgeDetector<HeldKey>(options.settings)
  let maxGapMs = options.settings.maxGapMs
  let timer: ReturnType<typeof setTimeout> | null = null
  let replaying = false
  /** After a dead key the next key composes with it: leave it to the browser. */
  let afterDeadKey = false
  /** Until when a control character arriving as text belongs to the scan just read. */
  let scanTailUntil = 0

  function deliver(keys: HeldKey[], thenText?: string): void {
    if (keys.length === 0 && thenText === undefined) return
    replaying = true
    try {
      for (const key of keys) replayKey(doc, key)
      if (thenText !== undefined) insertText(doc, thenText)
    } finally {
      replaying = false
    }
  }

  function schedule(): void {
    if (timer !== null) clearTimeout(timer)
    timer = null
    const deadline = detector.deadline()
    if (deadline === null) return
    timer = setTimeout(
      () => {
        timer = null
        deliver(detector.expire(win.performance.now()))
        schedule()
      },
      Math.max(0, deadline - win.performance.now()) + TIMER_SLACK_MS
    )
  }

  function hold(event: Event): void {
    event.preventDefault()
    event.stopImmediatePropagation()
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (!event.isTrusted || replaying) return
    const tapped: TappedKey = {
      key: event.key,
      code: event.code,
      ctrlKey: event.ctrlKey,
      altKey: event.altKey,
      shiftKey: event.shiftKey,
      at: event.timeStamp
    }
    options.onKey?.(tapped)
    const native = !detector.holding && needsNativeKey(event)
    if (native || event.isComposing || event.key === 'Process' || event.key === 'Dead' || afterDeadKey) {
      afterDeadKey = event.key === 'Dead'
      deliver(detector.releaseAll())
      schedule()
      return
    }
    const step = detector.feed(
      { ...tapped, metaKey: event.metaKey, repeat: event.repeat },
      numberField(event.target) ? barcode : undefined
    )
    deliver(step.release)
    if (step.action !== 'pass') hold(event)
    if (step.scan) {
      scanTailUntil = event.timeStamp + maxGapMs * 2
      options.onScan(step.scan)
    }
    schedule()
  }

  function onBeforeInput(event: InputEvent): void {
    if (!event.isTrusted || replaying || event.data === null || !event.inputType.startsWith('insert')) return
    if (controlOnly(event.data)) {
      if (detector.holding) {
        for (const char of event.data) {
          const step = detector.feed({
            key: char,
            code: '',
            ctrlKey: false,
            altKey: false,
            shiftKey: false,
            at: event.timeStamp
          })
          deliver(step.release)
        }
        hold(event)
        schedule()
      } else if (event.timeStamp <= scanTailUntil) {
        hold(event)
      }
      return
    }
    if (detector.holding) {
      hold(event)
      deliver(detector.releaseAll(), event.data)
      schedule()
    }
  }

  /** Before a click moves the focus, typing held so far goes where it was typed. */
  function releaseNow(): void {
    deliver(detector.releaseAll())
    schedule()
  }

  win.addEventListener('keydown', onKeyDown, true)
  win.addEventListener('beforeinput', onBeforeInput, true)
  win.addEventListener('pointerdown', releaseNow, true)
  win.addEventListener('blur', releaseNow)

  return {
    configure(settings) {
      maxGapMs = settings.maxGapMs
      detector.configure(settings)
      schedule()
    },
    detach() {
      win.removeEventListener('keydown', onKeyDown, true)
      win.removeEventListener('beforeinput', onBeforeInput, true)
      win.removeEventListener('pointerdown', releaseNow, true)
      win.removeEventListener('blur', releaseNow)
      if (timer !== null) clearTimeout(timer)
      timer = null
      deliver(detector.releaseAll())
    }
  }
}
