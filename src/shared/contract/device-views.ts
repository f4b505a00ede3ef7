import type { ScanClassification } from '../scan/classify'
import type { DeviceSettings } from '../devices/settings'
import type { PackView } from './stock-views'

export type ScanSource = 'wedge' | 'serial'

/** One scan as main read it: exactly what arrived, what it is, and where it points. */
export interface ScanView {
  id: number
  at: string
  source: ScanSource
  /** Which serial scanner, or 'keyboard'. */
  device: string
  classification: ScanClassification
  /** A request or bag label on this workstation: its request, to open. */
  requestId: string | null
  /** A pack code whose GTIN the catalogue knows: the pack (AMPP) it is. */
  pack: PackView | null
}

export type ScannerStateView = 'stopped' | 'connecting' | 'connected' | 'disconnected' | 'error'

export interface PrinterStatusView {
  configured: boolean
  description: string | null
  reachable: boolean | null
  /** Problems the printer reports (~HS): paper out, head open, paused… */
  problems: string[]
  checkedAt: string | null
}

export type PrintJobState = 'queued' | 'sending' | 'delivered' | 'retrying' | 'unconfirmed' | 'cancelled'

export interface PrintJobView {
  id: number
  requestId: string | null
  kind: 'dispensing' | 'bag' | 'test'
  labels: number
  state: PrintJobState
  attempts: number
  lastError: string | null
  createdAt: string
  deliveredAt: string | null
  reprintOf: number | null
  /** For a person: the job was withdrawn, or printed for a request already stopped. */
  notice: string | null
  /** Where it goes, chosen by the bench that asked for it: "the host's printer", "Bench 2's printer". */
  destination: string
  /** The printer it was last sent to ("tcp://10.0.0.5:9100"); null until it is sent. */
  printer: string | null
}

/** Why labels are printed again, as a person picks it (other: said in words). */
export const REPRINT_REASONS = ['damaged', 'misprint', 'lost', 'other'] as const
export type ReprintReason = (typeof REPRINT_REASONS)[number]

/** One label of a print job: where it is in the job, the set it belongs to, and its first line. */
export interface PrintedLabelView {
  position: number
  /** Labels of one set (a pack's, a parcel's) share it: 1, 2, … in the job's order. */
  set: number
  page: number
  pageCount: number
  text: string
}

export interface DevicesView {
  settings: DeviceSettings
  scanners: Array<{ id: string; label: string; path: string; state: ScannerStateView; detail: string | null }>
  printer: PrinterStatusView
  jobs: PrintJobView[]
}

export interface LabelPreview {
  /** The set the label belongs to: "Sertraline 50mg tablets · pack 1 of 3", "Parcel 1 of 2". */
  set: string
  widthMm: number
  heightMm: number
  svg: string
}
