/**
 * Phensys sends a new version of a request already past its stock check (clinically checked, ready
 * to dispense) that adds a cautionary label in a shape the counter does not read: the BNF number as
 * text ("2"). The contract leaves the entries' shape open and says to tolerate what we do not know:
 * kept and flagged for a person. But a label must never print without a warning Phensys sent, as if
 * there were none: the flag must hold the labels back (and the changed items void the clinical
 * check), or the label carries label 2's wording.
 */
import { expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { until } from '../helpers/until'
import { parseZplJob } from '../helpers/zpl-decode'
import type { Json } from '../sync/literal-phensys'
import { readyToDispense, stageOf, worldForFile } from '../helpers/literal-world'

const w = worldForFile()

it('a cautionary label the counter cannot read is never left off a printed label in silence', async () => {
  const { core } = w
  const id = 'fr_R27_CAUTION_TEXT'
  const code = await readyToDispense(w, id)
  w.lit.change(
    id,
    (s) => {
      const prescription = s.prescription as Json
      const [line] = prescription.items as Json[]
      s.prescription = { ...prescription, items: [{ ...line, cautionaryLabels: ['2'] }] }
    },
    'request.updated'
  )
  await settle(core)
  // Stored and flagged for a person, as the contract asks.
  const flags = core.internals.store.sqlite
    .prepare('SELECT path, status FROM request_flags WHERE request_id = ?')
    .all(id) as Array<{ path: string; status: string }>
  expect(flags).toContainEqual({ path: 'prescription.items[0].cautionaryLabels[0]', status: 'open' })

  // The dispenser scans the pack; with the clinical check standing, the labels would print by themselves.
  await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: code })
  await core.call(w.assembler, 'requests.printLabels', { id })
  const queue = core.internals.devices.queue
  await until(async () => {
    queue.wake()
    await queue.sendDue()
    return queue.jobs(id).every((job) => job.state !== 'queued' && job.state !== 'retrying')
  }, 'the label jobs sent')
  const printed = w.printer.jobs.map((job) =>
    parseZplJob(job.toString('utf8'))
      .flatMap((label) => label.fields.map((field) => field.text))
      .join(' ')
  )
  for (const text of printed)
    expect(text, 'a label printed without the warning Phensys sent').toMatch(/This medicine may make you sleepy/)
  if (printed.length === 0) expect(stageOf(w, id)).not.toBe('labelled')
})
