/**
 * The real system the model test drives: a live core on its own Phensys sandbox (so Phensys's
 * moves go through the sandbox's control calls), staff of every role, stock on the shelf, a TCP
 * label printer that takes jobs only when the test says, and the requests of one run.
 */
import { rmSync } from 'node:fs'
import type { Core } from '@main/core'
import { HOST_BENCH, type Bench } from '@main/contract'
import { startListener, type Listener } from '../../helpers/tcp-listeners'
import type { Role } from '@shared/roles'
import { ManualClock } from '../../helpers/temp-core'
import { requestBody, settle, staffSession, startLinked, type Linked } from '../../helpers/linked'
import { DMD, bookIn, item, ownerSession, setUpWholesaler, stockedPack, withItems } from '../../stock/helpers'
import type { DeliveryKind, ModelLine, Person, Reference } from './reference'

/**
 * What a run's request is made of: its lines, whether the original is needed, how it goes, and
 * whether the patient's name arrives with a hidden control character in it.
 */
export interface RequestSpec {
  lines: ModelLine[]
  paper: boolean
  delivery: DeliveryKind
  hiddenCharacter: boolean
}

export interface World {
  l: Linked
  core: Core
  clock: ManualClock
  printer: Listener
  people: Array<Person & { session: string }>
  packs: Record<'sertraline' | 'finasteride', { gtin: string; packSize: number }>
  ids: string[]
  close(): Promise<void>
}

/** A delivery service code this pharmacy has not configured: a person must choose a carrier. */
const UNKNOWN_SERVICE = 'evri_48'
/** A family name with a NUL in it: the labels wait until a person confirms the cleaned text. */
const NAME_WITH_NUL = "O'Brien\u0000-Łukasik"
/** A second bench of the premises, as a paired workstation's windows are. */
const SECOND_BENCH: Bench = { id: 'bench-2', name: 'Bench 2' }
/**
 * The staff, at two benches: most at the host's own screen (where colleagues carry on each other's
 * dispensing), one at a second bench (kept out of what the host's screen is dispensing, and the
 * other way round).
 */
const STAFF: Array<{ name: string; roles: Array<Exclude<Role, 'administrator'>>; bench: Bench }> = [
  { name: 'pharmacist', roles: ['pharmacist'], bench: HOST_BENCH },
  { name: 'dispenser', roles: ['dispenser'], bench: HOST_BENCH },
  { name: 'checker', roles: ['accuracy_checker'], bench: HOST_BENCH },
  { name: 'checker-dispenser', roles: ['accuracy_checker', 'dispenser'], bench: SECOND_BENCH },
  { name: 'pharmacist-dispenser', roles: ['pharmacist', 'dispenser'], bench: HOST_BENCH }
]
export const SERTRALINE_ON_SHELF = 30

let runNo = 0

export async function buildWorld(specs: readonly RequestSpec[]): Promise<World> {
  const clock = new ManualClock()
  const l = await startLinked({ core: { clock, autoDevices: false } })
  const core = l.core
  const dispenser = await staffSession(core, ['dispenser'])
  const admin = await ownerSession(core)
  await setUpWholesaler(core, admin)
  // Labels wait for the L key, so the model draws it as a step of its own (next-steps.test.ts tests them printing by themselves).
  const manualLabels = await core.call(admin, 'dispensing.setAutoLabels', { enabled: false })
  if (!manualLabels.ok) throw new Error(manualLabels.error.message)
  // Sertraline on the shelf, an expired batch of it (two days from now), and no finasteride.
  await bookIn(core, dispenser, DMD.sertraline, SERTRALINE_ON_SHELF, 'LOT1', '280630')
  await bookIn(core, dispenser, DMD.sertraline, 2, 'SHORT', '261127')
  // The unavailable product: none on the shelf and a manufacturer's supply notice, a real shortage.
  const notice = await core.call(dispenser, 'stock.raiseSupplyIssue', {
    dmdId: DMD.zolmitriptan,
    source: 'msn',
    reference: 'MSN/2026/001',
    reason: 'Manufacturing delay',
    expectedReturn: null
  })
  if (!notice.ok) throw new Error(notice.error.message)
  const packs = {
    sertraline: await stockedPack(core, dispenser, DMD.sertraline),
    finasteride: await stockedPack(core, dispenser, DMD.finasteride)
  }
  clock.advance(2 * 86_400_000)
  // Sessions lock after 5 idle minutes: everyone signs in now.
  const people: World['people'] = []
  for (const [index, person] of STAFF.entries()) {
    const session = await staffSession(core, person.roles, person.bench)
    people.push({
      index,
      name: person.name,
      roles: person.roles,
      bench: person.bench.id,
      session,
      id: await userId(core, session)
    })
  }
  const owner = await ownerSession(core)
  people.push({
    index: people.length,
    name: 'admin',
    roles: ['administrator'],
    bench: HOST_BENCH.id,
    session: owner,
    id: await userId(core, owner)
  })
  // Nothing leaves the pharmacy without a Responsible Pharmacist signed in.
  const rp = await core.call(people[0]!.session, 'rp.signIn', {})
  if (!rp.ok) throw new Error(rp.error.message)

  const printer = await startListener({ kind: 'printer' })
  const status = await core.call(owner, 'devices.status', {})
  if (!status.ok) throw new Error(status.error.message)
  const set = await core.call(owner, 'devices.setSettings', {
    ...status.value.settings,
    labelPrinter: { kind: 'tcp', host: '127.0.0.1', port: printer.port, connectTimeoutMs: 500, writeTimeoutMs: 800 }
  })
  if (!set.ok) throw new Error(set.error.message)
  await new Promise((resolve) => setTimeout(resolve, 10))

  const run = ++runNo
  const ids = specs.map((_, n) => `fr_M${run}_${String.fromCharCode(65 + n)}`)
  for (const [n, spec] of specs.entries()) await l.phensys.post('/sandbox/requests', snapshotBody(ids[n]!, spec, packs))
  await settle(core)
  for (const id of ids) if (!core.internals.requests.get(id)) throw new Error(`${id} did not arrive`)
  return {
    l,
    core,
    clock,
    printer,
    people,
    packs,
    ids,
    close: async () => {
      await core.close()
      await l.sandbox.close()
      await printer.close()
      rmSync(l.dataDir, { recursive: true, force: true })
    }
  }
}

/**
 * Everyone signs in again (the same users, at the same benches): after the clock has moved on
 * by days, every screen has locked.
 */
export async function signInAgain(world: World): Promise<void> {
  for (const person of world.people) {
    const bench = STAFF[person.index]?.bench
    person.session =
      person.roles.includes('administrator') || !bench
        ? await ownerSession(world.core)
        : await staffSession(world.core, STAFF[person.index]!.roles, bench)
  }
}

/** The prescription's items as Phensys sends them. */
export function itemsOf(lines: readonly ModelLine[], packs: World['packs']): Array<Record<string, unknown>> {
  return lines.map((line) =>
    line.product === 'sertraline'
      ? item(line.lineId, DMD.sertraline, 'Sertraline 50mg tablets', packs.sertraline.packSize * line.packs)
      : line.product === 'finasteride'
        ? item(line.lineId, DMD.finasteride, 'Finasteride 1mg tablets', packs.finasteride.packSize * line.packs)
        : item(line.lineId, DMD.zolmitriptan, 'Zolmitriptan 2.5mg tablets', 6 * line.packs)
  )
}

function snapshotBody(id: string, spec: RequestSpec, packs: World['packs']): Record<string, unknown> {
  const sent = withItems(requestBody(id), itemsOf(spec.lines, packs))
  const patient = sent.patient as { name: Record<string, unknown> }
  const base = spec.hiddenCharacter
    ? { ...sent, patient: { ...patient, name: { ...patient.name, family: NAME_WITH_NUL } } }
    : sent
  const service =
    spec.delivery === 'collect' ? 'collect' : spec.delivery === 'unknown' ? UNKNOWN_SERVICE : 'royal_mail_tracked_24'
  const delivery = { ...(base.delivery as object), service }
  if (!spec.paper) return { ...base, delivery }
  // A paper prescription uploaded: the original must be in hand, whatever Phensys's flag says.
  return {
    ...base,
    delivery,
    route: 'upload',
    prescription: {
      ...(base.prescription as object),
      kind: 'private_paper',
      hardCopy: { required: false, reason: null }
    }
  }
}

/** The model's view of a run's requests as they arrive. */
export function addToModel(model: Reference, world: World, specs: readonly RequestSpec[]): void {
  for (const [n, spec] of specs.entries())
    model.add({
      id: world.ids[n]!,
      lines: spec.lines.map((line) => ({ ...line })),
      hardCopyRequired: spec.paper,
      delivery: spec.delivery,
      hiddenCharacter: spec.hiddenCharacter
    })
}

async function userId(core: Core, session: string): Promise<string> {
  const answer = await core.call(session, 'auth.session', {})
  if (!answer.ok || !answer.value) throw new Error('no session')
  return answer.value.user.id
}
