/**
 * The real core against the contract-literal Phensys (test/sync/literal-phensys.ts), a label printer
 * on loopback, four people and a Responsible Pharmacist signed in, and the steps that take a
 * one-pack sertraline request from arrival to accuracy-checked.
 */
import { expect } from 'vitest'
import type { Core, CoreConfig } from '../../src/main/core'
import { startLinked, settle, staffSession, type Linked } from './linked'
import { startListener, type Listener } from './tcp-listeners'
import { usePrinter, type DispensedWorld } from './dispensed-world'
import { ManualClock } from './temp-core'
import { rescansWithLabels } from './rescans'
import { bagScanFor } from './supply'
import { PRESCRIBER } from './request-body'
import { until } from './until'
import { startedForFile } from './started-for-file'
import { DMD, ownerSession, packCode, scan, stockedPack } from '../stock/helpers'
import { startLiteralPhensys, type Json, type LiteralPhensys } from '../sync/literal-phensys'

/** The real core linked to the contract-literal Phensys. */
export interface LiteralLink {
  lit: LiteralPhensys
  l: Linked
  core: Core
  stop(): Promise<void>
}

export interface World extends LiteralLink {
  printer: Listener
  assembler: string
  pharmacist: string
  checker: string
  admin: string
  packs: Awaited<ReturnType<typeof stockedPack>>
}

const OLD_DIRECTIONS = 'Take ONE tablet each morning'
export const NEW_DIRECTIONS = 'Take HALF a tablet each morning with food'

/** The prescription's id, kind, date and prescriber, alike in every snapshot here. */
function prescriptionHeadOf(id: string): Json {
  return {
    id: `rx ${id}`,
    kind: 'consultation',
    issuedAt: '2026-11-25',
    prescriber: { ...PRESCRIBER }
  }
}

/**
 * A contract snapshot of one sertraline line, for a patient with a delivery address; `line` changes
 * fields of that line.
 */
export function snapshotOf(id: string, overrides: Json = {}, line: Json = {}): Json {
  return {
    id,
    version: 1,
    tenant: { id: 'lovemylife', name: 'LoveMyLife' },
    route: 'form_consultation',
    state: 'sent_to_provider',
    createdAt: '2026-11-26T09:12:00Z',
    updatedAt: '2026-11-26T09:12:00Z',
    prescription: {
      ...prescriptionHeadOf(id),
      hardCopy: { required: false, reason: null },
      items: [
        {
          lineId: 'l1',
          product: TABLETS.sertraline.product,
          quantity: 28,
          unit: 'tablet',
          directions: OLD_DIRECTIONS,
          cautionaryLabels: [],
          ...line
        }
      ],
      notes: null
    },
    patient: {
      id: `pt ${id}`,
      name: { title: 'Ms', given: 'Zoe', family: 'Obrien' },
      dateOfBirth: '1988-04-02',
      phone: '+447700900123',
      email: 'zoe@example.org'
    },
    delivery: {
      recipientName: 'Zoe Obrien',
      address: { line1: '14 Kirkgate', line2: null, city: 'Leeds', postcode: 'LS1 6BU', country: 'GB' },
      service: 'royal_mail_tracked_24',
      instructions: null
    },
    payment: { status: 'paid', payer: 'patient', reference: `pay ${id}` },
    ...overrides
  }
}

/** Two medicines as a line of a snapshot names them, each with its usual directions. */
export const TABLETS = {
  sertraline: {
    product: {
      dmdCode: DMD.sertraline,
      name: 'Sertraline 50mg tablets',
      strength: '50mg',
      form: 'tablet',
      controlledDrugSchedule: null
    },
    directions: 'Take ONE tablet each morning'
  },
  finasteride: {
    product: {
      dmdCode: DMD.finasteride,
      name: 'Finasteride 1mg tablets',
      strength: '1mg',
      form: 'tablet',
      controlledDrugSchedule: null
    },
    directions: 'Take ONE tablet daily'
  }
}

/** A bare snapshot (below) of `quantity` tablets of one of TABLETS at its usual directions. */
export function tabletsSnapshotOf(id: string, medicine: keyof typeof TABLETS, quantity: number): Json {
  // A copy: a test may change the snapshot it is given, never the next test's medicine.
  return bareSnapshotOf(id, { ...structuredClone(TABLETS[medicine]), quantity })
}

/**
 * A snapshot with little more than the contract requires: one line of `quantity` tablets, for a
 * patient named after the request.
 */
function bareSnapshotOf(id: string, line: { product: Json; quantity: number; directions: string }): Json {
  return {
    id,
    tenant: { id: 'lovemylife', name: 'LoveMyLife' },
    route: 'form_consultation',
    prescription: {
      ...prescriptionHeadOf(id),
      hardCopy: { required: false },
      items: [
        {
          lineId: 'l1',
          product: line.product,
          quantity: line.quantity,
          unit: 'tablet',
          directions: line.directions,
          cautionaryLabels: []
        }
      ]
    },
    patient: { id: `pt ${id}`, name: { given: 'Ann', family: `Patient ${id}` }, dateOfBirth: '1980-01-01' },
    delivery: {
      recipientName: `Ann Patient ${id}`,
      address: { line1: '1 High St', city: 'Leeds', postcode: 'LS1 1AA', country: 'GB' },
      service: 'royal_mail_tracked_24'
    },
    payment: { status: 'paid', payer: 'patient', reference: `pay ${id}` }
  }
}

/** The link, its sync retrying and polling without waiting unless `core` tunes it otherwise. */
export async function linkedToLiteral(core: Partial<CoreConfig> = {}): Promise<LiteralLink> {
  const lit = await startLiteralPhensys()
  const l = await startLinked({
    coreToken: lit.token,
    through: async () => lit.url,
    core: { syncTuning: { retryBaseMs: 1, retryMaxMs: 2_000, retryAfterMaxMs: 2_000, pollWaitSeconds: 0 }, ...core }
  })
  return {
    lit,
    l,
    core: l.core,
    stop: async () => {
      await l.stop()
      await lit.close()
    }
  }
}

export async function startWorld(printerPort?: number): Promise<World> {
  const { lit, l, core, stop } = await linkedToLiteral({ printRetry: { baseMs: 20, maxMs: 50 } })
  const assembler = await staffSession(core, ['dispenser', 'accuracy_checker'])
  const pharmacist = await staffSession(core, ['pharmacist'])
  const checker = await staffSession(core, ['accuracy_checker'])
  const admin = await ownerSession(core)
  ok(await core.call(pharmacist, 'rp.signIn', {}), 'RP sign-in')
  const printer = await startListener({ kind: 'printer' })
  await usePrinter(core, admin, printerPort ?? printer.port)
  const packs = await stockedPack(core, assembler, DMD.sertraline)
  return {
    lit,
    l,
    core,
    printer,
    assembler,
    pharmacist,
    checker,
    admin,
    packs,
    stop: async () => {
      await printer.close()
      await stop()
    }
  }
}

/**
 * startWorld as test/helpers/dispensed-world.ts's world, for its steps (checkedRequest); its clock
 * is not the core's, which keeps the real time.
 */
export type LiteralDispensedWorld = World & DispensedWorld

export async function literalDispensedWorld(): Promise<LiteralDispensedWorld> {
  return { ...(await startWorld()), clock: new ManualClock() }
}

/** The world (startWorld) for the test file, started before its tests and stopped after them. */
export function worldForFile(): World {
  return startedForFile(() => startWorld())
}

export function ok<T>(answer: { ok: true; value: T } | { ok: false; error: unknown }, what: string): T {
  if (!answer.ok) throw new Error(`${what}: ${JSON.stringify(answer.error)}`)
  return answer.value
}

export function stageOf(w: World, id: string): string | undefined {
  return w.core.internals.requests.get(id)?.row.stage
}

/** Books one pack in, creates the request at Phensys, accepts it and makes the clinical check. */
export async function readyToDispense(w: World, id: string, overrides: Json = {}): Promise<string> {
  const code = packCode(w.packs.gtin, `B${id.replace(/\W/g, '').slice(-6)}`, '280630')
  await scan(w.core, w.assembler, code)
  w.lit.create(snapshotOf(id, overrides))
  await settle(w.core)
  ok(await w.core.call(w.assembler, 'requests.accept', { id }), 'accept')
  await settle(w.core)
  expect(stageOf(w, id)).toBe('ready_to_dispense')
  ok(await w.core.call(w.pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }), 'clinical check')
  return code
}

/** From arrival to accuracy-checked, the labels printed on the working printer. */
export async function accuracyChecked(w: World, id: string, overrides: Json = {}): Promise<string> {
  const code = await readyToDispense(w, id, overrides)
  ok(await w.core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: code }), 'scan')
  await until(() => stageOf(w, id) === 'labelled', `${id} labelled`)
  const view = ok(await w.core.call(w.checker, 'dispensing.view', { id }), 'dispensing view')
  ok(
    await w.core.call(w.checker, 'requests.accuracyCheck', { id, rescans: rescansWithLabels(view, [code]) }),
    'accuracy check'
  )
  await settle(w.core)
  return code
}

/** From arrival to packed in its bag, one parcel. */
export async function packedAtCounter(w: World, id: string): Promise<string> {
  const code = await accuracyChecked(w, id)
  ok(await w.core.call(w.checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }), 'pack')
  return code
}

/** Phensys changes fields of one part of the snapshot, found by its path, in a new version. */
function partChangedAtPhensys(w: World, id: string, path: readonly string[], fields: Json): void {
  const merged = (part: Json, [key, ...rest]: readonly string[]): Json =>
    key === undefined ? { ...part, ...fields } : { ...part, [key]: merged(part[key] as Json, rest) }
  w.lit.change(id, (s) => void Object.assign(s, merged(s, path)), 'request.updated')
}

/** Phensys changes fields of the patient's name in a new version. */
export function nameChangedAtPhensys(w: World, id: string, name: Json): void {
  partChangedAtPhensys(w, id, ['patient', 'name'], name)
}

/** Phensys changes fields of the delivery (the recipient, the service, instructions) in a new version. */
export function deliveryChangedAtPhensys(w: World, id: string, fields: Json): void {
  partChangedAtPhensys(w, id, ['delivery'], fields)
}

/** Phensys changes fields of the delivery address in a new version. */
export function addressChangedAtPhensys(w: World, id: string, fields: Json): void {
  partChangedAtPhensys(w, id, ['delivery', 'address'], fields)
}

/** Phensys changes fields of the request's one line in a new version (a request in fulfilment may). */
export function lineChangedAtPhensys(lit: LiteralPhensys, id: string, fields: Json): void {
  lit.change(
    id,
    (s) => {
      const prescription = s.prescription as Json
      const [line] = prescription.items as Json[]
      s.prescription = { ...prescription, items: [{ ...line, ...fields }] }
    },
    'request.updated'
  )
}

/** Phensys changes the line's directions in a new version while the request is in fulfilment. */
export function directionsChangedAtPhensys(w: World, id: string, directions = NEW_DIRECTIONS): void {
  lineChangedAtPhensys(w.lit, id, { directions })
}

/** Phensys cancels the request, as the contract's snapshot says it. */
export function cancelledAtPhensys(w: LiteralLink, id: string): void {
  w.lit.change(
    id,
    (s) => {
      s.state = 'cancelled'
      s.cancellation = { reason: 'patient_request', cancelledAt: new Date().toISOString() }
      delete s.options
    },
    'request.cancelled'
  )
}
