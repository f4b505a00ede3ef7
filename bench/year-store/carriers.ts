/**
 * The carriers' side of the year: a tracking number per parcel in each carrier's format, when
 * each parcel is delivered (or, now and then, comes back), and the tracking exports the pharmacy
 * imports every afternoon (Royal Mail and DPD name their columns differently).
 */
import { s10CheckDigit } from '../../src/shared/scan/tracking'
import { DAY_MS, MINUTE_MS, londonDate } from './calendar'
import { Random } from './random'

interface Outcome {
  trackingNumber: string
  carrier: 'royal_mail' | 'dpd'
  requestId: string
  at: number
  returned: boolean
}

/** Days from dispatch to delivery by service. */
const TRANSIT_DAYS: Readonly<Record<string, number>> = {
  royal_mail_tracked_24: 1,
  royal_mail_tracked_48: 2,
  special_delivery_1pm: 1,
  courier_next_day: 1
}

export class Carriers {
  private serial = 0
  private readonly pending: Outcome[] = []

  constructor(private readonly random: Random) {}

  trackingNumber(service: string): string {
    this.serial += 1
    if (service === 'courier_next_day') return `1550${String(this.serial).padStart(10, '0')}`
    const digits = String(10_000_000 + this.serial).slice(-8)
    return `${service === 'special_delivery_1pm' ? 'ZX' : 'TT'}${digits}${s10CheckDigit(digits)}GB`
  }

  /** The parcels just dispatched: when each will be delivered, or returned (about 1 in 250). */
  dispatched(requestId: string, service: string, trackingNumbers: readonly string[], at: number): void {
    const returned = this.random.chance(0.004)
    const days = returned ? this.random.int(3, 6) : (TRANSIT_DAYS[service] ?? 1) + (this.random.chance(0.06) ? 1 : 0)
    const arrives = Date.parse(`${londonDate(at + days * DAY_MS)}T09:00:00Z`) + this.random.int(0, 540) * MINUTE_MS
    for (const trackingNumber of trackingNumbers)
      this.pending.push({
        trackingNumber,
        carrier: service === 'courier_next_day' ? 'dpd' : 'royal_mail',
        requestId,
        at: arrives,
        returned
      })
  }

  /**
   * What the carriers report by `now`, as their CSV exports, and the requests a person marks
   * delivered by hand instead (a phone call, a signed-for slip): about 1 in 50.
   */
  reportsUntil(now: number): { files: Array<{ fileName: string; csv: string }>; byHand: Outcome[] } {
    const due = this.pending.filter((o) => o.at <= now)
    if (due.length === 0) return { files: [], byHand: [] }
    const keep = this.pending.filter((o) => o.at > now)
    this.pending.length = 0
    this.pending.push(...keep)
    const handRequests = new Set(due.filter((o) => !o.returned && this.random.chance(0.02)).map((o) => o.requestId))
    const byHand = due.filter((o) => handRequests.has(o.requestId))
    const reported = due.filter((o) => !handRequests.has(o.requestId))
    const day = londonDate(now)
    const ukTime = (ms: number) => {
      const iso = new Date(ms).toISOString()
      return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`
    }
    const files: Array<{ fileName: string; csv: string }> = []
    const royalMail = reported.filter((o) => o.carrier === 'royal_mail')
    if (royalMail.length > 0)
      files.push({
        fileName: `royal-mail-tracking-${day}.csv`,
        csv: [
          'Tracking Number,Status,Date',
          ...royalMail.map(
            (o) => `${o.trackingNumber},${o.returned ? 'Returned to sender' : 'Delivered'},${ukTime(o.at)}`
          )
        ].join('\r\n')
      })
    const dpd = reported.filter((o) => o.carrier === 'dpd')
    if (dpd.length > 0)
      files.push({
        fileName: `dpd-parcels-${day}.csv`,
        csv: [
          'Parcel Number,Last Event,Event Date',
          ...dpd.map(
            (o) =>
              `${o.trackingNumber},${o.returned ? 'RTS' : 'Delivered, left with customer'},${new Date(o.at).toISOString()}`
          )
        ].join('\n')
      })
    return { files, byHand }
  }
}
