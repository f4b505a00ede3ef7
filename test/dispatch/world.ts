/**
 * The dispatch tests' world: test/helpers/dispensed-world.ts with sertraline to dispense, and
 * requests taken from arrival to accuracy-checked through the real flow, ready to supply.
 */
import { staffSession } from '../helpers/linked'
import {
  checkedRequest,
  dispensedWorld,
  packMaker,
  registerRequest,
  type DispensedWorld
} from '../helpers/dispensed-world'
import { bagScanFor, trackingNumberFor } from '../helpers/supply'
import { until } from '../helpers/until'
import { printJobsOf } from '../helpers/waiting-labels'
import type { PrintJobView } from '../../src/shared/contract/device-views'
import { DMD, scan } from '../stock/helpers'

export interface DispatchWorld extends DispensedWorld {
  sertraline: Awaited<ReturnType<typeof packMaker>>
}

export async function dispatchWorld(): Promise<DispatchWorld> {
  const w = await dispensedWorld()
  return Object.assign(w, { sertraline: await packMaker(w, DMD.sertraline) })
}

/** One pack of sertraline booked in, then dispensed, labelled and checked for request `id`. */
export async function checkedForDispatch(
  w: DispatchWorld,
  id: string,
  overrides: Record<string, unknown> = {}
): Promise<void> {
  await scan(w.core, w.assembler, w.sertraline.code('SER1'))
  const body = registerRequest(
    id,
    [{ lineId: 'l1', dmdId: DMD.sertraline, name: 'Sertraline 50mg tablets', quantity: w.sertraline.packSize }],
    overrides
  )
  await checkedRequest(w, id, body, { l1: [w.sertraline.code('SER1')] })
}

/** Checked, packed, dispatched and back from the carrier: the answer to marking it returned to sender. */
export async function returnedByCarrier(w: DispatchWorld, id: string): ReturnType<DispatchWorld['core']['call']> {
  await checkedForDispatch(w, id)
  await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
  await w.core.call(w.checker, 'requests.dispatch', { id, trackingNumbers: [trackingNumberFor(id)] })
  return w.core.call(w.checker, 'requests.markReturned', { id, note: 'addressee gone away' })
}

/**
 * Moves the clock on. Sessions idle that long are locked, as at a real counter, so everyone
 * signs in again.
 */
export async function later(w: DispatchWorld, ms: number): Promise<void> {
  w.clock.advance(ms)
  w.assembler = await staffSession(w.core, ['dispenser', 'accuracy_checker'])
  w.pharmacist = await staffSession(w.core, ['pharmacist'])
  w.checker = await staffSession(w.core, ['accuracy_checker'])
}

/** A delivery address and recipient of its own, so manifests can be told apart. */
export function deliveredTo(
  name: string,
  postcode: string,
  service = 'royal_mail_tracked_24'
): Record<string, unknown> {
  return {
    delivery: {
      recipientName: name,
      address: { line1: '1 High Street', line2: null, city: 'Leeds', postcode, country: 'GB' },
      service,
      instructions: null
    }
  }
}

/** Checked, packed, and the bag label printed: the request's dispensing and bag label jobs. */
export async function packedAndPrinted(
  w: DispatchWorld,
  id: string
): Promise<{ labels: PrintJobView; bag: PrintJobView }> {
  await checkedForDispatch(w, id)
  const packed = await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 })
  if (!packed.ok || packed.value.row.stage !== 'packed') throw new Error(`${id} not packed`)
  await until(
    async () => (await printJobsOf(w.core, w.checker, id)).every((job) => job.state === 'delivered'),
    `${id}'s bag label printed`
  )
  const jobs = await printJobsOf(w.core, w.checker, id)
  return { labels: jobs.find((job) => job.kind === 'dispensing')!, bag: jobs.find((job) => job.kind === 'bag')! }
}
