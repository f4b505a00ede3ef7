/**
 * Packing and dispatch at the counter with a year behind them: 91,250 earlier requests already
 * packed, dispatched and on the registers (shipments, parcels, supplies, POM entries, their
 * outbox events and a million audit entries), written into the live store. Then real requests
 * go from the sandbox through the whole flow, and the two counter actions are timed as the
 * screen calls them: `requests.pack` (bag scan, layout of bag labels and dispatch note, print
 * job) and `requests.dispatch` (tracking checks, parcels, the registers, the outbox). Target:
 * well under 100 ms.
 *   npx tsx bench/dispatch.bench.ts
 */
import { performance } from 'node:perf_hooks'
import type { Core } from '../src/main/core'
import { startListener } from '../test/helpers/tcp-listeners'
import { encodeGs1, packFields } from '../src/shared/gs1'
import { requestLabelPayload } from '../src/shared/scan/own-labels'
import { s10CheckDigit } from '../src/shared/scan/tracking'
import { requestBody, settle, staffSession, startLinked } from '../test/helpers/linked'
import { ownerSession } from '../test/stock/helpers'
import { stats } from './stats'

const YEAR_REQUESTS = 91_250
const AUDIT_PER_REQUEST = 11
const TIMED = 40
const SERTRALINE = '39732311000001104'

const show = (label: string, s: { median: number; p95: number; max: number }) =>
  console.log(
    `${label.padEnd(44)} median ${s.median.toFixed(2)} ms · p95 ${s.p95.toFixed(2)} ms · max ${s.max.toFixed(2)} ms`
  )

const tracking = (n: number): string => {
  const serial = String(n).padStart(8, '0')
  return `TT${serial}${s10CheckDigit(serial)}GB`
}

async function must<T>(
  answer: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>,
  what: string
): Promise<T> {
  const result = await answer
  if (!result.ok) throw new Error(`${what}: ${result.error.message}`)
  return result.value
}

/** A year of earlier supplies, as the dispatch path's tables would hold them. */
function writeYear(core: Core): void {
  const { sqlite } = core.internals.store
  const day = (n: number) => new Date(Date.UTC(2025, 10, 1) + Math.floor(n / 250) * 86_400_000).toISOString()
  sqlite.transaction(() => {
    const shipment =
      sqlite.prepare(`INSERT INTO shipments (request_id, method, service_code, carrier, service, parcels, bag_scan, packed_at, packed_by_id, packed_by_name, dispatched_at, dispatched_by_id, dispatched_by_name)
      VALUES (?, 'carrier', 'royal_mail_tracked_24', 'Royal Mail', 'Tracked 24', 1, ?, ?, 'u', 'Bench', ?, 'u', 'Bench')`)
    const parcel =
      sqlite.prepare(`INSERT INTO parcels (request_id, parcel_no, carrier, service, tracking_number, dispatched_at, manifest_date, outcome, outcome_at, outcome_source)
      VALUES (?, 1, 'Royal Mail', 'Tracked 24', ?, ?, ?, 'delivered', ?, 'carrier_csv')`)
    const supply =
      sqlite.prepare(`INSERT INTO register_supplies (request_id, supplied_at, supply_date, method, carrier, service, tracking_numbers, patient_name, patient_address, recorded_by_id, recorded_by_name)
      VALUES (?, ?, ?, 'carrier', 'Royal Mail', 'Tracked 24', ?, 'Pat Bench', '1 Bench Street, Leeds, LS1 1AA', 'u', 'Bench')`)
    const pom =
      sqlite.prepare(`INSERT INTO pom_register_entries (kind, request_id, line_id, supplied_at, supply_date, dmd_id, medicine_name, quantity, unit, packs_supplied,
        prescriber_name, patient_name, patient_address, patient_address_is_delivery, prescription_date, recorded_at, recorded_by_id, recorded_by_name)
      VALUES ('supply', ?, 'l1', ?, ?, '${SERTRALINE}', 'Sertraline 50mg tablets', 28, 'tablet', '1 × 28 tablet', 'Dr A Khan', 'Pat Bench', '1 Bench Street', 1, '2025-10-30', ?, 'u', 'Bench')`)
    const outbox = sqlite.prepare(
      `INSERT INTO outbox (request_id, type, idempotency_key, body, created_at, status, attempts, next_attempt_at) VALUES (?, ?, ?, '{}', ?, 'sent', 1, ?)`
    )
    for (let n = 0; n < YEAR_REQUESTS; n++) {
      const id = `fr_Y${n}`
      const at = day(n)
      const date = at.slice(0, 10)
      shipment.run(id, requestLabelPayload(id), at, at)
      parcel.run(id, tracking(50_000_000 + n), at, date, at)
      supply.run(id, at, date, JSON.stringify([tracking(50_000_000 + n)]))
      pom.run(id, at, date, at)
      for (const type of [
        'accepted',
        'dispensing.started',
        'dispensing.labelled',
        'dispensing.checked',
        'packed',
        'dispatched',
        'delivered'
      ])
        outbox.run(id, type, `${id}:${type}`, at, at)
    }
  })()
  sqlite.transaction(() => {
    for (let n = 0; n < YEAR_REQUESTS * AUDIT_PER_REQUEST; n++) {
      core.internals.audit.append({
        at: day(Math.floor(n / AUDIT_PER_REQUEST)),
        actorId: 'u',
        actorName: 'Bench',
        command: 'bench.year',
        entityType: 'request',
        entityId: `fr_Y${Math.floor(n / AUDIT_PER_REQUEST)}`,
        summary: { n }
      })
    }
  })()
}

async function main(): Promise<void> {
  const l = await startLinked({ core: { printRetry: { baseMs: 20, maxMs: 50 } } })
  const { core } = l
  const printer = await startListener({ kind: 'printer' })
  try {
    let started = performance.now()
    writeYear(core)
    console.log(
      `a year written: ${YEAR_REQUESTS} supplies, ${YEAR_REQUESTS * 7} outbox events, ${YEAR_REQUESTS * AUDIT_PER_REQUEST} audit entries in ${((performance.now() - started) / 1000).toFixed(1)} s`
    )

    const assembler = await staffSession(core, ['dispenser', 'accuracy_checker'])
    const pharmacist = await staffSession(core, ['pharmacist'])
    const checker = await staffSession(core, ['accuracy_checker'])
    const admin = await ownerSession(core)
    const devices = await must(core.call(admin, 'devices.status', {}), 'devices')
    await must(
      core.call(admin, 'devices.setSettings', {
        ...devices.settings,
        labelPrinter: { kind: 'tcp', host: '127.0.0.1', port: printer.port, connectTimeoutMs: 500, writeTimeoutMs: 800 }
      }),
      'printer'
    )
    await must(core.call(pharmacist, 'rp.signIn', {}), 'RP')
    const levels = await must(core.call(assembler, 'stock.levels', { search: SERTRALINE, limit: 50 }), 'levels')
    const row = levels.rows.find((r) => r.reorderLevel > 0) ?? levels.rows[0]!
    const pack = await must(core.call(assembler, 'stock.pack', { amppId: row.amppId }), 'pack')
    const gtin = pack.gtins.find((g) => !g.historic)!.gtin

    const packMs: number[] = []
    const dispatchMs: number[] = []
    started = performance.now()
    for (let n = 0; n < TIMED; n++) {
      const id = `fr_BENCH${n}`
      const code = `]d2${encodeGs1(packFields({ gtin, expiry: '351231', batch: 'BENCH1', serial: `B${n}` }))}`
      await must(core.call(assembler, 'stock.receiveScan', { raw: code, deliveryId: null }), 'goods-in')
      const body = requestBody(id)
      const rx = body.prescription as { items: Array<Record<string, unknown>> }
      rx.items = [
        {
          ...rx.items[0],
          product: {
            dmdCode: SERTRALINE,
            name: 'Sertraline 50mg tablets',
            strength: '50mg',
            form: 'tablet',
            controlledDrugSchedule: null
          },
          quantity: row.packSize,
          unit: 'tablet'
        }
      ]
      await l.phensys.post('/sandbox/requests', body)
      await settle(core)
      await must(core.call(assembler, 'requests.accept', { id }), 'accept')
      await must(core.call(assembler, 'requests.checkStock', { id }), 'stock check')
      await must(core.call(assembler, 'requests.startDispensing', { id }), 'start')
      await must(core.call(assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: code }), 'scan')
      await must(core.call(assembler, 'requests.printLabels', { id }), 'labels')
      for (let wait = 0; core.internals.requests.get(id)?.row.stage !== 'labelled'; wait++) {
        if (wait > 500) throw new Error(`${id} never labelled`)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      await must(core.call(pharmacist, 'requests.clinicalCheck', { id }), 'clinical')
      await must(core.call(checker, 'requests.accuracyCheck', { id, rescans: [code] }), 'accuracy')

      let t = performance.now()
      await must(core.call(checker, 'requests.pack', { id, bagScan: requestLabelPayload(id), parcels: 2 }), 'pack')
      packMs.push(performance.now() - t)
      t = performance.now()
      await must(
        core.call(checker, 'requests.dispatch', {
          id,
          trackingNumbers: [tracking(10_000_000 + 2 * n), tracking(10_000_001 + 2 * n)]
        }),
        'dispatch'
      )
      dispatchMs.push(performance.now() - t)
    }
    console.log(
      `${TIMED} requests from arrival to dispatched in ${((performance.now() - started) / 1000).toFixed(1)} s`
    )
    show('requests.pack (2 parcels: labels, note, job)', stats(packMs))
    show('requests.dispatch (2 parcels, registers)', stats(dispatchMs))
  } finally {
    await printer.close()
    await l.stop()
  }
}

void main()
