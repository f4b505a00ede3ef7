/**
 * A request held at *awaiting hard copy* only because Phensys's `hardCopy.required` said so (a
 * consultation route, nothing of Schedule 2 or 3): a later version says the original is no longer
 * required. No rule then needs it, so the request goes on as if it were in hand. A request the
 * domain rules hold whatever Phensys's flag says (an upload-route paper prescription, a Schedule 2
 * item by the counter's catalogue or by Phensys's schedule) keeps waiting for its original.
 * Review orig29 found the request left waiting for an original no rule needs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { settle, staffSession } from '../helpers/linked'
import { linkedToLiteral, ok, snapshotOf, TABLETS, type LiteralLink } from '../helpers/literal-world'
import type { Json } from '../sync/literal-phensys'

let w: LiteralLink
let core: Core
let assembler: string
let pharmacist: string

beforeAll(async () => {
  w = await linkedToLiteral()
  core = w.core
  assembler = await staffSession(core, ['dispenser'])
  pharmacist = await staffSession(core, ['pharmacist'])
}, 60_000)
afterAll(async () => w?.stop())

const stageOf = (id: string) => core.internals.requests.get(id)?.row.stage
const MORPHINE = {
  dmdCode: '36128311000001109',
  name: 'Morphine sulfate 10mg modified-release tablets',
  strength: '10mg',
  form: 'modified-release tablet'
}

/** Phensys's request, requiring the original, with `prescription` and `line` changed. */
function requiringOriginal(id: string, overrides: Json = {}, prescription: Json = {}, line: Json = {}): Json {
  const snapshot = snapshotOf(id, overrides, line)
  Object.assign(snapshot.prescription as Json, {
    hardCopy: { required: true, reason: 'paper_prescription' },
    ...prescription
  })
  return snapshot
}

/** Arrives requiring the original, is accepted to wait for it, then Phensys no longer requires it. */
async function originalDroppedAtPhensys(id: string, snapshot: Json): Promise<void> {
  w.lit.create(snapshot)
  await settle(core)
  ok(await core.call(assembler, 'requests.accept', { id }), 'accept')
  await settle(core)
  expect(stageOf(id)).toBe('awaiting_hard_copy')
  w.lit.change(
    id,
    (s) => {
      ;(s.prescription as Json).hardCopy = { required: false, reason: null }
    },
    'request.updated'
  )
  await settle(core)
}

async function awaitedInF4(id: string): Promise<boolean> {
  const outstanding = ok(await core.call(assembler, 'hardCopies.outstanding', {}), 'F4')
  return outstanding.some((row) => row.requestId === id)
}

describe('Phensys no longer requires the original', () => {
  it('a request no rule holds goes on to the stock check, audited with why, Phensys told nothing new', async () => {
    const id = 'fr_ORIG_DROPPED'
    await originalDroppedAtPhensys(id, requiringOriginal(id))
    expect(stageOf(id), 'still waiting for an original no rule needs').toBe('stock_check')
    expect(await awaitedInF4(id)).toBe(false)
    // The original counts as in hand where none is needed: the clinical check's guard lets it through.
    ok(await core.call(pharmacist, 'requests.clinicalCheck', { id, outcome: 'approved' }), 'clinical check')
    const entry = core.internals.audit
      .list({ entityId: id, limit: 50 })
      .find((e) => e.command === 'workflow.originalNoLongerRequired')
    expect(entry?.summary).toMatchObject({
      before: 'awaiting_hard_copy',
      after: 'stock_check',
      note: { why: expect.stringContaining('no longer requires the original') }
    })
    await settle(core)
    expect(w.lit.accepted(id).map((event) => event.type)).toEqual(['accepted', 'hard_copy.awaiting'])
    expect(w.lit.violations).toEqual([])
  })

  const heldRegardless: Array<[string, string, () => Json]> = [
    [
      'an upload-route paper prescription',
      'fr_ORIG_DROPPED_UPLOAD',
      () => requiringOriginal('fr_ORIG_DROPPED_UPLOAD', { route: 'upload' }, { kind: 'private_paper' })
    ],
    [
      'a Schedule 2 item by the catalogue (Phensys gives no schedule)',
      'fr_ORIG_DROPPED_CAT_CD',
      () =>
        requiringOriginal('fr_ORIG_DROPPED_CAT_CD', {}, {}, { product: { ...MORPHINE, controlledDrugSchedule: null } })
    ],
    [
      "a Schedule 2 item by Phensys's schedule",
      'fr_ORIG_DROPPED_SENT_CD',
      () =>
        requiringOriginal(
          'fr_ORIG_DROPPED_SENT_CD',
          {},
          {},
          { product: { ...TABLETS.sertraline.product, controlledDrugSchedule: 2 } }
        )
    ]
  ]
  it.each(heldRegardless)('%s still waits for its original', async (_what, id, snapshot) => {
    await originalDroppedAtPhensys(id, snapshot())
    expect(stageOf(id)).toBe('awaiting_hard_copy')
    expect(await awaitedInF4(id)).toBe(true)
    expect(
      core.internals.audit.list({ entityId: id, limit: 50 }).map((e) => e.command),
      'released past a rule that holds it'
    ).not.toContain('workflow.originalNoLongerRequired')
    expect(w.lit.violations).toEqual([])
  })
})
