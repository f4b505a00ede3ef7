/**
 * Cuts a serial scanner's byte stream into scans at the configured suffix.
 * CR, LF and CRLF are treated alike (any of them ends a scan, empty scans are skipped), because
 * scanners set to one often send another and no GS1 or own-label payload can contain CR or LF.
 * TAB ends a scan only at a tab. NONE relies on the caller flushing after a quiet gap.
 */
export type ScannerSuffix = 'CR' | 'LF' | 'CRLF' | 'TAB' | 'NONE'

export interface FramedScan {
  bytes: Buffer
  /** False when the scan ended by a quiet gap or by overflowing, not by its suffix. */
  terminated: boolean
}

const CR = 0x0d
const LF = 0x0a
const TAB = 0x09

export class ScanFramer {
  private pending: Buffer = Buffer.alloc(0)

  constructor(
    private readonly suffix: ScannerSuffix,
    private readonly maxLength = 4096
  ) {}

  private isTerminator(byte: number): boolean {
    if (this.suffix === 'TAB') return byte === TAB
    if (this.suffix === 'NONE') return false
    return byte === CR || byte === LF
  }

  /** Adds bytes; returns the scans they complete. */
  push(chunk: Uint8Array): FramedScan[] {
    const scans: FramedScan[] = []
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : Buffer.from(chunk)
    let start = 0
    for (let i = 0; i < data.length; i++) {
      if (this.isTerminator(data[i] ?? 0)) {
        if (i > start) scans.push({ bytes: data.subarray(start, i), terminated: true })
        start = i + 1
      }
    }
    data = data.subarray(start)
    while (data.length > this.maxLength) {
      scans.push({ bytes: data.subarray(0, this.maxLength), terminated: false })
      data = data.subarray(this.maxLength)
    }
    this.pending = Buffer.from(data)
    return scans
  }

  /** Whatever is buffered, as an unterminated scan (after a quiet gap, or on close). */
  flush(): FramedScan | null {
    if (this.pending.length === 0) return null
    const scan = { bytes: this.pending, terminated: false }
    this.pending = Buffer.alloc(0)
    return scan
  }

  get hasPending(): boolean {
    return this.pending.length > 0
  }
}
