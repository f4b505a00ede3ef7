/** Where a bench's labels print: the printer the host drives, or the one attached to the bench itself. */
export type BenchPrinterChoice = 'host' | 'bench'

/** A bench that joined this host, as the administrator's screen lists it. */
export interface WorkstationView {
  id: string
  name: string
  pairedAt: string
  lastContactAt: string | null
  revokedAt: string | null
  defaultPrinter: BenchPrinterChoice
  /** The printer attached at the bench, while the bench offers it to the host; null when none is. */
  attachedPrinter: string | null
}

/** Where the labels asked for at this bench print, and what it may choose from. */
export interface BenchPrintingView {
  bench: string
  /** The host's own windows print on the host's printer: there is nothing to choose. */
  isHost: boolean
  choice: BenchPrinterChoice
  /** The printer the host drives (network, serial or system), or null when none is set up. */
  hostPrinter: string | null
  /** The printer attached at this bench, while its workstation offers it; null when none is. */
  benchPrinter: string | null
}

/** A one-time pairing code, to type at the new bench or scan from its QR. */
export interface PairingCodeView {
  code: string
  expiresAt: string
  /** The host's address for the premises network, as the workstation dials it. */
  hostUrl: string
  /** SHA-256 of the host's certificate, which the workstation pins. */
  fingerprint: string
  /** The QR of `pharmetra-pair:<hostUrl>?code=…&fingerprint=…`, as SVG. */
  qrSvg: string
}

/** The last backups of the store and how old the newest good one is. */
export interface BackupStatusView {
  folder: string | null
  lastGood: { file: string; finishedAt: string; auditEntries: number } | null
  lastProblem: { finishedAt: string; problem: string } | null
}

export interface PremisesOverview {
  /** Null when this counter is not serving the premises network (a one-bench pharmacy). */
  host: { url: string; fingerprint: string } | null
  workstations: WorkstationView[]
  backup: BackupStatusView
}
