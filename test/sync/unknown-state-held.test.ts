/**
 * A request packed for collection that Phensys then moves to a state the contract does not list.
 * The contract lets Phensys hear `dispatched` and `delivered` only from `in_fulfilment`: the
 * medicine must not be handed over on a request Phensys holds, and the person is told why in
 * words. When Phensys moves it back to a state the counter knows, the flag no longer applies and
 * the hand-over goes ahead, heard by Phensys without a conflict.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { usePrinter } from '../helpers/dispensed-world'
import { requestBody, settle, staffSession, startLinked, type Linked } from '../helpers/linked'
import { rescansWithLabels } from '../helpers/rescans'
import { bagScanFor } from '../helpers/supply'
import { startListener, type Listener } from '../helpers/tcp-listeners'
import { until } from '../helpers/until'
import { DMD, item, ownerSession, packCode, scan, stockedPack, withItems } from '../stock/helpers'
import { startLiteralPhensys, type LiteralPhensys } from './literal-phensys'

let lit: LiteralPhensys
let l: Linked
let core: Core
let printer: Listener
let assembler: string
let pharmacist: string
let checker: string
beforeAll(async () => {
  lit = await startLiteralPhensys()
  l = await startLinked({
    coreToken: lit.token,
    through: async () => lit.url,
    core: {
      printRetry: { baseMs: 20, maxMs: 50 },
      syncTuning: { retryBaseMs: 1, retryMaxMs: 2_000, pollWaitSeconds: 0 }
    }
  })
  core = l.core
  assembler = await staffSession(core, ['dispenser', 'accuracy_checker'])
  pharmacist = await staffSession(core, ['pharmacist'])
  checker = await staffSession(core, ['accuracy_checker'])
  printer = await startListener({ kind: 'printer' })
  await usePrinter(core, await ownerSession(core), printer.port)
}, 60_000)
afterAll(async () => {
  await printer?.close()
  await l?.stop()
  await lit?.close()
})

function ok<T>(answer: { ok: true; value: T } | { ok: false; error: unknown }, what: string): T {
  if (!answer.ok) throw new Error(`${what}: ${JSON.stringify(answer.error)}`)
  return answer.value
}

it('a request Phensys holds in a state the counter does not know is not handed over, and says why in words', async () => {
  const id = 'fr_UNKNOWN_STATE_COLLECT'
  ok(await core.call(pharmacist, 'rp.signIn', {}), 'RP sign-in')
  const { gtin, packSize } = await stockedPack(core, assembler, DMD.sertraline)
  const code = packCode(gtin, 'BUNKNOWN', '280630')
  await scan(core, assembler, code)
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
