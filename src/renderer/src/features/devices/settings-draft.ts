/**
 * Form drafts for the device settings: what a person types (numbers as text), turned back into
 * the settings object main takes, checked with the same schema main checks it with.
 */
import {
  deviceSettingsSchema,
  SCANNER_SUFFIXES,
  type DeviceSettings,
  type LabelPrinterSettings,
  type SerialScannerSettings
} from '@shared/devices/settings'

export type ScannerSuffix = (typeof SCANNER_SUFFIXES)[number]

export interface ScannerDraft {
  id: string
  label: string
  path: string
  baudRate: string
  suffix: ScannerSuffix
}

export type PrinterKind = 'none' | LabelPrinterSettings['kind']

export interface PrinterDraft {
  kind: PrinterKind
  host: string
  port: string
  path: string
  baudRate: string
  rtscts: boolean
  deviceName: string
  widthMm: string
  heightMm: string
  dpi: '203' | '300' | '600'
  /** The legible minimum, in points. */
  minimumTextPt: string
}

export const PRINTER_KINDS: ReadonlyArray<{ kind: PrinterKind; label: string }> = [
  { kind: 'none', label: 'None' },
  { kind: 'tcp', label: 'Network (ZPL over TCP)' },
  { kind: 'serial', label: 'Serial port (ZPL)' },
  { kind: 'os', label: 'System printer' }
]

export const SUFFIX_LABELS: Record<ScannerSuffix, string> = {
  CR: 'CR (Enter)',
  LF: 'LF',
  CRLF: 'CR LF',
  TAB: 'Tab',
  NONE: 'None'
}

export const BAUD_RATES = [1200, 2400, 4800, 9600, 19_200, 38_400, 57_600, 115_200] as const

export type Checked = { ok: true; settings: DeviceSettings } | { ok: false; message: string }

const FIELD_NAMES: Record<string, string> = {
  label: 'name',
  path: 'port',
  baudRate: 'baud rate',
  suffix: 'suffix',
  host: 'address',
  port: 'TCP port',
  deviceName: 'printer name',
  widthMm: 'width',
  heightMm: 'height',
  dpi: 'resolution',
  minimumTextPt: 'smallest text',
  id: 'id'
}

export function scannerDrafts(settings: DeviceSettings): ScannerDraft[] {
  return settings.serialScanners.map((scanner) => ({ ...scanner, baudRate: String(scanner.baudRate) }))
}

/** A new scanner with an id no other has. */
export function newScanner(existing: readonly ScannerDraft[]): ScannerDraft {
  const taken = new Set(existing.map((scanner) => scanner.id))
  let n = existing.length + 1
  while (taken.has(`scanner-${n}`)) n += 1
  return { id: `scanner-${n}`, label: `Scanner ${n}`, path: '', baudRate: '9600', suffix: 'CR' }
}

export function printerDraft(settings: DeviceSettings): PrinterDraft {
  const printer = settings.labelPrinter
  const stock = settings.labelStock
  return {
    kind: printer?.kind ?? 'none',
    host: printer?.kind === 'tcp' ? printer.host : '',
    port: printer?.kind === 'tcp' ? String(printer.port) : '9100',
    path: printer?.kind === 'serial' ? printer.path : '',
    baudRate: printer?.kind === 'serial' ? String(printer.baudRate) : '9600',
    rtscts: printer?.kind === 'serial' ? printer.rtscts : false,
    deviceName: printer?.kind === 'os' ? printer.deviceName : '',
    widthMm: String(stock.widthMm),
    heightMm: String(stock.heightMm),
    dpi: String(stock.dpi) as PrinterDraft['dpi'],
    minimumTextPt: String(stock.minimumTextPt)
  }
}

/** A typed number; NaN (refused by the schema) for text that is not one. */
function num(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text)
}

/** The timeouts set for this kind of printer are kept when only its address changes. */
function timeoutsOf(current: LabelPrinterSettings | null, kind: PrinterKind): object {
  if (!current || current.kind !== kind || current.kind === 'os') return {}
  const { connectTimeoutMs, writeTimeoutMs, statusTimeoutMs } = current
  return Object.fromEntries(
    Object.entries({ connectTimeoutMs, writeTimeoutMs, statusTimeoutMs }).filter(([, value]) => value !== undefined)
  )
}

function printerOf(draft: PrinterDraft, current: LabelPrinterSettings | null): unknown {
  switch (draft.kind) {
    case 'none':
      return null
    case 'tcp':
      return { kind: 'tcp', host: draft.host.trim(), port: num(draft.port), ...timeoutsOf(current, 'tcp') }
    case 'serial':
      return {
        kind: 'serial',
        path: draft.path.trim(),
        baudRate: num(draft.baudRate),
        rtscts: draft.rtscts,
        ...timeoutsOf(current, 'serial')
      }
    case 'os':
      return { kind: 'os', deviceName: draft.deviceName.trim() }
  }
}

function check(candidate: unknown): Checked {
  const parsed = deviceSettingsSchema.safeParse(candidate)
  if (parsed.success) return { ok: true, settings: parsed.data }
  const message = parsed.error.issues
    .map((issue) => {
      const where = issue.path.filter((part) => typeof part === 'string').at(-1)
      const index = issue.path.find((part) => typeof part === 'number')
      const field = typeof where === 'string' ? (FIELD_NAMES[where] ?? where) : 'settings'
      return `${typeof index === 'number' ? `Scanner ${index + 1}, ` : ''}${field}: ${issue.message}`
    })
    .join('; ')
  return { ok: false, message }
}

/** The current settings with the scanners replaced by the draft. */
export function withScanners(current: DeviceSettings, drafts: readonly ScannerDraft[]): Checked {
  const serialScanners = drafts.map((draft): Record<keyof SerialScannerSettings, unknown> => ({
    id: draft.id,
    label: draft.label.trim(),
    path: draft.path.trim(),
    baudRate: num(draft.baudRate),
    suffix: draft.suffix
  }))
  return check({ ...current, serialScanners })
}

/** The label stock the draft describes (checked by the schema with the rest). */
export function labelStockOf(draft: PrinterDraft): Record<keyof DeviceSettings['labelStock'], number> {
  return {
    widthMm: num(draft.widthMm),
    heightMm: num(draft.heightMm),
    dpi: Number(draft.dpi),
    minimumTextPt: num(draft.minimumTextPt)
  }
}

/** The current settings with the label printer and label stock replaced by the draft. */
export function withPrinter(current: DeviceSettings, draft: PrinterDraft): Checked {
  return check({
    ...current,
    labelPrinter: printerOf(draft, current.labelPrinter),
    labelStock: labelStockOf(draft)
  })
}
