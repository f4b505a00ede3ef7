import { s10CheckDigit } from '../../src/shared/scan/tracking'

let counter = 0

/** A fresh tracking number in the carrier's format: Royal Mail S10 (with its check digit), else 14 digits. */
export function freshTrackingNumber(carrier: string): string {
  const serial = String((Date.now() * 10 + counter++) % 100_000_000).padStart(8, '0')
  if (/royal mail/i.test(carrier)) return `TT${serial}${s10CheckDigit(serial)}GB`
  return `15${serial}${String(counter % 10_000).padStart(4, '0')}`
}
