/**
 * A snapshot that leaves out `hardCopy` (the contract always sends it), against the hand-made
 * Phensys: read as the original not required, as before, but said for a person through a flag
 * that holds nothing back; the rules that need an original regardless still do.
 */
import { afterEach, expect, it } from 'vitest'
import { WORKLIST_KINDS } from '../../src/shared/flags/kinds'
import { staffSession } from '../helpers/linked'
import type { Json } from './hand-made-phensys'
import { handMadeSnapshot, linkedToHandMade, unlinkAll } from './hand-made-linked'

afterEach(unlinkAll)

function withoutHardCopy(id: string): Json {
  const snapshot = handMadeSnapshot(id)
  const prescription = { ...(snapshot.prescription as Json) }
  delete prescription.hardCopy
  return { ...snapshot, prescription }
}

it('a snapshot without hardCopy says so for a person, on the worklist, and its acceptance is not held', async () => {
  const { phensys, temp } = await linkedToHandMade()
  phensys.put(withoutHardCopy('fr_NO_HARD_COPY'))
  expect(await temp.core.internals.sync.pullOnce(0)).toBe('page')
  const flags = temp.core.internals.store.sqlite
    .prepare(`SELECT kind, path, words, blocks, status FROM request_flags WHERE request_id = ?`)
    .all('fr_NO_HARD_COPY') as Array<{ kind: string; path: string; words: string; blocks: string; status: string }>
  expect(flags).toEqual([
    {
      kind: expect.any(String),
      path: 'prescription.hardCopy',
      words: expect.stringMatching(/did not say whether the original prescription is required/),
      blocks: '[]',
      status: 'open'
    }
  ])
  // Listed on the worklist though it holds nothing back, as *patient short* is.
  expect(WORKLIST_KINDS).toContain(flags[0]?.kind)
  const staff = await staffSession(temp.core, ['dispenser'])
  expect((await temp.core.call(staff, 'requests.accept', { id: 'fr_NO_HARD_COPY' })).ok).toBe(true)
})

/** The request's one item made a Controlled Drug of `schedule`, as Phensys sends it, and `hardCopy` left out. */
function controlledWithoutHardCopy(id: string, schedule: 2 | 3, dmdCode: string, name: string): Json {
  const snapshot = withoutHardCopy(id)
  const prescription = snapshot.prescription as Json
  const [item] = prescription.items as Json[]
  const product = { ...(item!.product as Json), dmdCode, name, controlledDrugSchedule: schedule }
  return { ...snapshot, prescription: { ...prescription, items: [{ ...item, product }] } }
}

it.each([
  [2, '36128311000001109', 'Morphine sulfate 10mg modified-release tablets'],
  [3, '36128411000001102', 'Tramadol 50mg capsules']
] as const)(
  'a Schedule %i request that leaves out hardCopy still waits for the original before dispensing, and is flagged',
  async (schedule, dmdCode, name) => {
    const id = `fr_NO_HARD_COPY_CD${schedule}`
    const { phensys, temp } = await linkedToHandMade()
    phensys.put(controlledWithoutHardCopy(id, schedule, dmdCode, name))
    expect(await temp.core.internals.sync.pullOnce(0)).toBe('page')
    expect(temp.core.internals.requests.get(id)?.row.hardCopyRequired).toBe(true)
    const kinds = temp.core.internals.store.sqlite
      .prepare(`SELECT kind FROM request_flags WHERE request_id = ? AND status = 'open'`)
      .all(id) as Array<{ kind: string }>
    expect(kinds.map((flag) => flag.kind)).toContain('hard_copy_unsaid')
    const staff = await staffSession(temp.core, ['dispenser'])
    const accepted = await temp.core.call(staff, 'requests.accept', { id })
    expect(accepted.ok ? accepted.value.row.stage : accepted.error.message).toBe('awaiting_hard_copy')
    const started = await temp.core.call(staff, 'requests.startDispensing', { id })
    expect(started.ok, 'dispensing started without the original').toBe(false)
  }
)
