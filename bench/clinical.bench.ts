/**
 * The patient's record and safety flags on a year-sized store: 250 requests a day for 365 days
 * (91,250, each a real-shaped snapshot with a supply in the POM register), about 30,000 patients,
 * and one patient with 100 supplies across the year and two open requests. Timed through the
 * contract on a live core, as the screens call them:
 *   - `patients.record` (the patient screen) and `clinical.view` (the clinical check screen);
 *   - the flags computed for the patient's open requests (what a new version or a supply runs,
 *     and the clinical check runs again in its transaction), through `requests.clinicalCheck`
 *     refused by the flags it raised, so nothing changes between rounds.
 * Target: under 20 ms each.
 *   npx tsx bench/clinical.bench.ts
 */
import { performance } from 'node:perf_hooks'
import { mulberry32 } from '../src/sandbox/faults'
import { requestBody, settle, staffSession, startLinked } from '../test/helpers/linked'
import { ManualClock } from '../test/helpers/temp-core'
import { stats } from './harness'

const DAYS = 365
const REQUESTS_PER_DAY = 250
const PATIENTS = 30_000
const ROUNDS = 200
const SERTRALINE = { dmdCode: '39732311000001104', name: 'Sertraline 50mg tablets' }
const OTHERS = [
  { dmdCode: '39732711000001100', name: 'Sildenafil 50mg tablets' },
  { dmdCode: '39732811000001109', name: 'Finasteride 1mg tablets' },
  { dmdCode: '39732411000001106', name: 'Amoxicillin 500mg capsules' },
  { dmdCode: '39733011000001108', name: 'Prednisolone 5mg tablets' }
]
const BUSY = 'pt_BENCH_BUSY'

function snapshot(id: string, patientId: string, product: { dmdCode: string; name: string }, at: string): string {
  const body = requestBody(id) as { patient: object; prescription: { items: Array<{ product: object }> } }
  return JSON.stringify({
    ...body,
    version: 1,
    state: 'in_fulfilment',
    createdAt: at,
    updatedAt: at,
    patient: { ...body.patient, id: patientId },
    prescription: {
      ...body.prescription,
      items: [
        {
          ...body.prescription.items[0],
          product: { dmdCode: product.dmdCode, name: product.name, strength: null, form: 'tablet' }
        }
      ]
    }
  })
}

async function main(): Promise<void> {
  const linked = await startLinked({ core: { autoDevices: false, clock: new ManualClock() } })
  const { core } = linked
  const pharmacist = await staffSession(core, ['pharmacist'])
  const { sqlite } = core.internals.store
  const random = mulberry32(20261126)

  const started = performance.now()
  sqlite.transaction(() => {
    const request = sqlite.prepare(
      `INSERT INTO requests (id, version, phensys_state, stage, stage_since, route, patient_name, patient_id, patient_dob, patient_postcode,
         patient_match_key, item_count, has_controlled_drug, hard_copy_required, delivery_service, received_at, updated_at, snapshot)
       VALUES (?, 1, 'in_fulfilment', ?, ?, 'video_consultation', ?, ?, '1988-04-02', 'LS16BU', ?, 1, 0, 0, 'royal_mail_tracked_24', ?, ?, ?)`
    )
    const pom = sqlite.prepare(
      `INSERT INTO pom_register_entries (kind, request_id, line_id, supplied_at, supply_date, dmd_id, medicine_name, quantity, unit,
         packs_supplied, prescriber_name, patient_name, patient_address, patient_address_is_delivery, prescription_date,
         recorded_at, recorded_by_id, recorded_by_name)
       VALUES ('supply', ?, 'l1', ?, ?, ?, ?, 28, 'tablet', 'batch B1, expiry 2028-06-30 × 28', 'Dr A Khan', ?, 'Flat 2, 14 Kirkgate, Leeds LS1 6BU', 1, ?, ?, 'u', 'Bench')`
    )
    for (let day = 0; day < DAYS; day++) {
      const date = new Date(Date.UTC(2025, 10, 26 + day)).toISOString().slice(0, 10)
      for (let n = 0; n < REQUESTS_PER_DAY; n++) {
        const id = `fr_Y${day}_${n}`
        // The busy patient: one supply every three or four days of the year, about 100.
        const busy = n === 0 && Math.floor((day * 100) / DAYS) !== Math.floor(((day - 1) * 100) / DAYS)
        const patientId = busy ? BUSY : `pt_Y${Math.floor(random() * PATIENTS)}`
        const product = busy ? SERTRALINE : OTHERS[Math.floor(random() * OTHERS.length)]!
        const at = `${date}T10:00:00.000Z`
        const name = busy ? 'Ms Zoë Busy' : `Patient ${patientId}`
        request.run(
          id,
          'dispatched',
          at,
          name,
          patientId,
          `${name.toLowerCase()}|1988-04-02|LS16BU`,
          at,
          at,
          snapshot(id, patientId, product, at)
        )
        pom.run(id, at, date, product.dmdCode, product.name, name, date, at)
      }
    }
  })()
  const supplies = (
    sqlite
      .prepare(
        'SELECT COUNT(*) AS n FROM pom_register_entries p JOIN requests r ON r.id = p.request_id WHERE r.patient_id = ?'
      )
      .get(BUSY) as { n: number }
  ).n
  console.log(
    `year store: ${DAYS * REQUESTS_PER_DAY} requests and supplies in ${((performance.now() - started) / 1000).toFixed(1)} s; the busy patient has ${supplies} supplies`
  )

  // Two open requests of the busy patient arrive from Phensys: their flags are computed on arrival.
  for (const id of ['fr_BUSY_OPEN1', 'fr_BUSY_OPEN2']) {
    const body = requestBody(id) as { patient: object }
    await linked.phensys.post('/sandbox/requests', { ...body, patient: { ...body.patient, id: BUSY } })
  }
  await settle(core)
  const accepted = await core.call(pharmacist, 'requests.accept', { id: 'fr_BUSY_OPEN1' })
  if (!accepted.ok) throw new Error(accepted.error.message)

  const time = async (
    label: string,
    run: () => Promise<{ ok: boolean; error?: { message: string } }>,
    expectOk: boolean
  ) => {
    const samples: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const t = performance.now()
      const answer = await run()
      samples.push(performance.now() - t)
      if (answer.ok !== expectOk) throw new Error(`${label}: ${answer.error?.message ?? 'answered ok'}`)
    }
    const s = stats(samples)
    console.log(
      `${label.padEnd(58)} median ${s.median.toFixed(2)} ms · p95 ${s.p95.toFixed(2)} ms · max ${s.max.toFixed(2)} ms`
    )
  }
  const record = await core.call(pharmacist, 'clinical.view', { id: 'fr_BUSY_OPEN1' })
  if (!record.ok) throw new Error(record.error.message)
  console.log(
    `clinical.view: ${record.value.record.supplies.length} supplies, ${record.value.record.requests.length} requests, flags: ${record.value.flags.map((flag) => flag.kind).join(', ')}`
  )
  await time(
    'patients.record (the patient screen)',
    () => core.call(pharmacist, 'patients.record', { patientId: BUSY }),
    true
  )
  await time(
    'clinical.view (the clinical check screen)',
    () => core.call(pharmacist, 'clinical.view', { id: 'fr_BUSY_OPEN1' }),
    true
  )
  await time(
    'flags computed for both open requests (clinical check, refused)',
    () => core.call(pharmacist, 'requests.clinicalCheck', { id: 'fr_BUSY_OPEN1', outcome: 'approved' }),
    false
  )
  await time(
    'search by name (a scan of every request)',
    () => core.call(pharmacist, 'patients.search', { text: 'zoë busy' }),
    true
  )
  await time(
    'worklist: all requests, first page',
    () => core.call(pharmacist, 'worklist.closed', { view: 'all' }),
    true
  )
  await linked.stop()
}

void main()
