/**
 * What Phensys may send that a contract-literal Phensys allows and the sandbox does not, and that
 * must hold the counter back for a person:
 * - a request packed for collection that Phensys then moves to a state the contract does not
 *   list. The contract lets Phensys hear `dispatched` and `delivered` only from `in_fulfilment`:
 *   the medicine is not handed over on a request Phensys holds, and the person is told why in
 *   words; moved back to a state the counter knows, the flag no longer applies and it goes ahead;
 * - a cautionary label in a shape the counter cannot read, added after the clinical check: left
 *   out of the items read, but the prescription is not the one checked, so the check is void.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { usePrinter } from '../helpers/dispensed-world'
import { requestBody, settle, staffSession } from '../helpers/linked'
import { linkedToLiteral } from '../helpers/literal-world'
import { rescansWithLabels } from '../helpers/rescans'
import { bagScanFor } from '../helpers/supply'
import { startListener, type Listener } from '../helpers/tcp-listeners'
import { until } from '../helpers/until'
import { DMD, item, ownerSession, packCode, scan, stockedPack, withItems } from '../stock/helpers'
import type { LiteralPhensys } from './literal-phensys'

let linked: Awaited<ReturnType<typeof linkedToLiteral>>
let lit: LiteralPhensys
let core: Core
let printer: Listener
let assembler: string
let pharmacist: string
let checker: string
beforeAll(async () => {
  linked = await linkedToLiteral({ printRetry: { baseMs: 20, maxMs: 50 } })
  lit = linked.lit
  core = linked.l.core
  assembler = await staffSession(core, ['dispenser', 'accuracy_checker'])
  pharmacist = await staffSession(core, ['pharmacist'])
  checker = await staffSession(core, ['accuracy_checker'])
  printer = await startListener({ kind: 'printer' })
  await usePrinter(core, await ownerSession(core), printer.port)
}, 60_000)
afterAll(async () => {
  await printer?.close()
  await linked?.stop()
})

function ok<T>(answer: { ok: true; value: T } | { ok: false; error: unknown }, what: string): T {
  if (!answer.ok) throw new Error(`${what}: ${JSON.stringify(answer.error)}`)
  return answer.value
}

let packs: { gtin: string; packSize: number } | undefined
async function stocked(batch: string): Promise<{ code: string; packSize: number }> {
  packs ??= await stockedPack(core, assembler, DMD.sertraline)
  const code = packCode(packs.gtin, batch, '280630')
  await scan(core, assembler, code)
  return { code, packSize: packs.packSize }
}

it('a request Phensys holds in a state the counter does not know is not handed over, and says why in words', async () => {
  const id = 'fr_UNKNOWN_STATE_COLLECT'
  ok(await core.call(pharmacist, 'rp.signIn', {}), 'RP sign-in')
  const { code, packSize } = await stocked('BUNKNOWN')
  const body = withItems(requestBody(id), [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', packSize)])
  lit.create({ ...body, delivery: { ...(body.delivery as object), service: 'collect' } })
  await settle(core)
  ok(await core.call(assembler, 'requests.accept', { id }), 'accept')
  ok(await core.call(pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }), 'clinical check')
  ok(await core.call(assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: code }), 'scan')
  await until(() => core.internals.requests.get(id)?.row.stage === 'labelled', 'labelled')
  const view = ok(await core.call(checker, 'dispensing.view', { id }), 'the packs')
  ok(await core.call(checker, 'requests.accuracyCheck', { id, rescans: rescansWithLabels(view, [code]) }), 'check')
  ok(await core.call(checker, 'requests.pack', { id, bagScan: bagScanFor(id), parcels: 1 }), 'pack')
  await settle(core)

  lit.change(id, (s) => (s.state = 'on_hold'), 'request.updated')
  await settle(core)
  const collectedBy = { name: 'Zoe Obrien', relation: 'patient', idAsked: true, idSeen: true } as const
  const held = await core.call(checker, 'requests.collect', { id, collectedBy })
  expect(held).toMatchObject({
    ok: false,
    error: {
      code: 'precondition_failed',
      message: expect.stringMatching(
        /^Hand over \(collection\) waits until this flag is settled: Phensys holds the request in a state this counter does not know \("on_hold"\)/
      )
    }
  })
  expect(core.internals.requests.get(id)?.row.stage).toBe('packed')

  // Phensys moves it on: the flag no longer applies, and the medicine is handed over.
  lit.change(id, (s) => (s.state = 'in_fulfilment'), 'request.updated')
  await settle(core)
  ok(await core.call(checker, 'requests.collect', { id, collectedBy }), 'hand-over')
  await settle(core)
  expect(lit.accepted(id).map((event) => event.type)).toEqual(expect.arrayContaining(['dispatched', 'delivered']))
  expect(lit.conflicts.filter((conflict) => conflict.requestId === id)).toEqual([])
})

it('a cautionary label Phensys sends in a shape the counter cannot read, after the clinical check, voids it and holds the labels', async () => {
  const id = 'fr_UNREAD_CAUTIONARY'
  const { code, packSize } = await stocked('BUNREAD')
  lit.create(withItems(requestBody(id), [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', packSize)]))
  await settle(core)
  ok(await core.call(assembler, 'requests.accept', { id }), 'accept')
  ok(await core.call(pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }), 'clinical check')
  lit.change(
    id,
    (s) => {
      const prescription = s.prescription as { items: Array<Record<string, unknown>> }
      prescription.items = prescription.items.map((line) => ({ ...line, cautionaryLabels: ['2'] }))
    },
    'request.updated'
  )
  await settle(core)
  // Left out of the items read, and flagged; the prescription is not the one checked.
  expect(core.internals.requests.get(id)?.snapshot.prescription.items[0]?.cautionaryLabels).toEqual([])
  expect(await core.call(pharmacist, 'clinical.view', { id })).toMatchObject({ ok: true, value: { standing: null } })
  const flags = ok(await core.call(assembler, 'requests.flags', { id }), 'flags')
  expect(flags.find((flag) => flag.path === 'prescription.items[0].cautionaryLabels[0]')).toMatchObject({
    kind: 'unreadable_value',
    status: 'open',
    blocks: ['checkStock', 'printLabels', 'pack', 'dispatch', 'collect']
  })
  // Checked again, the labels still wait for the flag: a query to Phensys is the way on.
  ok(await core.call(pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }), 'clinical check again')
  ok(await core.call(assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: code }), 'scan')
  expect(await core.call(assembler, 'requests.printLabels', { id })).toMatchObject({
    ok: false,
    error: {
      code: 'precondition_failed',
      message: expect.stringMatching(
        /^Print labels waits until this flag is settled: A cautionary label of line l1 cannot be read/
      )
    }
  })
  expect(core.internals.requests.get(id)?.row.stage).toBe('dispensing')
})
