/**
 * Device settings, shared by main (which applies them) and the renderer (whose settings screen
 * edits them and whose keyboard-wedge detector follows them).
 */
import { z } from 'zod'
import { WEDGE_DEFAULTS } from './wedge-defaults'

export const SCANNER_SUFFIXES = ['CR', 'LF', 'CRLF', 'TAB', 'NONE'] as const

export const serialScannerSettingsSchema = z.object({
  id: z.string().min(1).max(40),
  label: z.string().min(1).max(80),
  path: z.string().min(1).max(200),
  baudRate: z.number().int().min(1200).max(921_600).default(9600),
  suffix: z.enum(SCANNER_SUFFIXES).default('CR')
})

/** How a keyboard-wedge scanner types; learnt by pairing, adjustable by hand. */
export const wedgeSettingsSchema = z.object({
  /** Longest pause between two keys of one scan; people type far slower. */
  maxGapMs: z.number().int().min(5).max(200).default(WEDGE_DEFAULTS.maxGapMs),
  /** Shorter bursts are treated as typing. */
  minLength: z.number().int().min(3).max(50).default(WEDGE_DEFAULTS.minLength),
  /** What the scanner types where GS1's separator (FNC1/GS) belongs, when not the GS character itself. */
  gsSubstitute: z.string().max(10).nullable().default(WEDGE_DEFAULTS.gsSubstitute),
  /** The scanner leaves the separator out altogether: the parser infers it where it can. */
  gsMissing: z.boolean().default(WEDGE_DEFAULTS.gsMissing)
})

const timeouts = {
  connectTimeoutMs: z.number().int().min(100).max(60_000).optional(),
  writeTimeoutMs: z.number().int().min(100).max(300_000).optional(),
  statusTimeoutMs: z.number().int().min(100).max(60_000).optional()
}

/**
 * The label printer: a Zebra-type printer spoken to in ZPL over the network (raw port 9100) or a
 * serial port, or a printer the operating system knows, printed to through Electron (the same
 * layout, drawn as an image).
 */
export const labelPrinterSettingsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('tcp'),
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65_535).default(9100),
    ...timeouts
  }),
  z.object({
    kind: z.literal('serial'),
    path: z.string().min(1),
    baudRate: z.number().int().min(1200).max(921_600).default(9600),
    rtscts: z.boolean().default(false),
    ...timeouts
  }),
  z.object({ kind: z.literal('os'), deviceName: z.string().min(1).max(200) })
])

/** The label stocks offered: 70 × 35 mm by default; 96 × 37 mm and 99 × 99 mm hold more text. */
export const LABEL_STOCK_SIZES = [
  { widthMm: 70, heightMm: 35 },
  { widthMm: 96, heightMm: 37 },
  { widthMm: 99, heightMm: 99 }
] as const

/** The smallest type a label may be set in, in points: about 7 pt (a cap height of 1.8 mm). */
export const LEGIBLE_MINIMUM_FLOOR_PT = 7

export const labelStockSettingsSchema = z.object({
  widthMm: z.number().min(30).max(150).default(70),
  heightMm: z.number().min(20).max(150).default(35),
  dpi: z.union([z.literal(203), z.literal(300), z.literal(600)]).default(203),
  /** The legible minimum: text shrinks to fit down to this size, never below. */
  minimumTextPt: z.number().min(LEGIBLE_MINIMUM_FLOOR_PT).max(12).default(LEGIBLE_MINIMUM_FLOOR_PT)
})

export const deviceSettingsSchema = z.object({
  serialScanners: z.array(serialScannerSettingsSchema).max(8).default([]),
  wedge: wedgeSettingsSchema.default(wedgeSettingsSchema.parse({})),
  labelPrinter: labelPrinterSettingsSchema.nullable().default(null),
  labelStock: labelStockSettingsSchema.default(labelStockSettingsSchema.parse({})),
  /** A short sound marks each re-scan at the accuracy check, one for accepted and one for refused. */
  scanSounds: z.boolean().default(true)
})

export type SerialScannerSettings = z.infer<typeof serialScannerSettingsSchema>
export type WedgeSettings = z.infer<typeof wedgeSettingsSchema>
export type LabelPrinterSettings = z.infer<typeof labelPrinterSettingsSchema>
export type DeviceSettings = z.infer<typeof deviceSettingsSchema>

/**
 * The pairing barcode: a GS1 DataMatrix whose content is known, so the app can see how the
 * scanner types it: symbology prefix, separator (GS, substitute or none), terminator, timing.
 * (01) GTIN, (10) batch — variable, so a separator must follow — then (17) expiry and (21) serial.
 */
export const PAIRING_ELEMENTS = { gtin: '09506000134352', batch: 'PAIR42', expiry: '301231', serial: 'SETUP7' } as const
export const PAIRING_PAYLOAD = `01${PAIRING_ELEMENTS.gtin}10${PAIRING_ELEMENTS.batch}\u001d17${PAIRING_ELEMENTS.expiry}21${PAIRING_ELEMENTS.serial}`
