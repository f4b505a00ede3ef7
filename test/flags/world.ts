/**
 * The flag tests' world: the dispatch world (a live core on the sandbox, a TCP label printer,
 * sertraline to dispense, four people) and the steps a flagged request goes through.
 */
import { expect } from 'vitest'
import type { FlagView } from '../../src/shared/contract'
import { parseZplJob } from '../helpers/zpl-decode'
import { registerRequest } from '../helpers/dispensed-world'
import { settle } from '../helpers/linked'
import { until } from '../helpers/until'
import { DMD, recordedEvents, scan } from '../stock/helpers'
import type { DispatchWorld } from '../dispatch/world'

export function ok<T>(answer: { ok: true; value: T } | { ok: false; error: { message: string } }, what: string): T {
  if (!answer.ok) throw new Error(`${what}: ${answer.error.message}`)
  return answer.value
}

/** A one-line sertraline request as Phensys sends it, changed by `change` (a label, a service, odd text…). */
export function sertralineRequest(
  w: DispatchWorld,
  id: string,
  change: (body: Record<string, unknown>) => void = () => undefined
): Record<string, unknown> {
  const body = registerRequest(id, [
    { lineId: 'l1', dmdId: DMD.sertraline, name: 'Sertraline 50mg tablets', quantity: w.sertraline.packSize }
  ])
  change(body)
  return body
}

export function firstItem(body: Record<string, unknown>): Record<string, unknown> {
  return ((body.prescription as { items: Array<Record<string, unknown>> }).items[0] ?? {}) as Record<string, unknown>
}

/** Phensys sends it (unchecked: as a Phensys outside the contract might), the counter pulls it. */
export async function arrives(w: DispatchWorld, body: Record<string, unknown>): Promise<void> {
  const created = await w.l.phensys.post('/sandbox/requests?unchecked=true', body)
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  await settle(w.core)
}

export async function flagsOf(w: DispatchWorld, id: string): Promise<FlagView[]> {
  return ok(await w.core.call(w.assembler, 'requests.flags', { id }), `flags of ${id}`)
}

/** What Phensys has heard about the request: nothing before a person acts. */
export async function heard(w: DispatchWorld, id: string): Promise<string[]> {
  await settle(w.core)
  return (await recordedEvents(w.l, id)).map((event) => event.type)
}

/**
 * Accepted, stock checked (a pack of sertraline booked in first), clinically checked and its pack
 * scanned: ready for labels. Answers the pack's code, for the accuracy check's re-scan.
 */
export async function readyForLabels(w: DispatchWorld, id: string): Promise<string> {
  await scan(w.core, w.assembler, w.sertraline.code('SER1'))
  ok(await w.core.call(w.assembler, 'requests.accept', { id }), `accept ${id}`)
  // Accepting ran the stock check.
  ok(await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }), `clinical check ${id}`)
  ok(await w.core.call(w.assembler, 'requests.startDispensing', { id }), `start dispensing ${id}`)
  const pack = w.sertraline.code('SER1')
  ok(await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: pack }), `scan into ${id}`)
  return pack
}

/** Prints the labels and answers the text the printer received (every field, wrapped lines joined). */
export async function printLabels(w: DispatchWorld, id: string): Promise<string> {
  const before = w.printer.jobs.length
  ok(await w.core.call(w.assembler, 'requests.printLabels', { id }), `labels of ${id}`)
  await until(() => w.printer.jobs.length > before, `the labels of ${id} at the printer`)
  await until(() => w.core.internals.requests.get(id)?.row.stage === 'labelled', `${id} labelled`)
  return printed(w.printer.jobs[before]!)
}

export function printed(job: Buffer): string {
  return parseZplJob(job.toString('utf8'))
    .flatMap((label) => label.fields.filter((field) => field.font).map((field) => field.text))
    .join(' ')
}
