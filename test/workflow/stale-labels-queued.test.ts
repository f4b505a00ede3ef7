/**
 * The labels of a request wait in the print queue (the printer is offline) when Phensys changes the
 * line's directions. When the printer comes back, labels with the old directions must not print, and
 * the request must not become labelled on them: the job is withdrawn (or laid out again from what is
 * prescribed now), as a cancellation withdraws it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { closedPort, startListener, type Listener } from '../helpers/tcp-listeners'
import { until } from '../helpers/until'
import { parseZplJob } from '../helpers/zpl-decode'
import {
  directionsChangedAtPhensys,
  ok,
  readyToDispense,
  stageOf,
  startWorld,
  type World
} from '../helpers/literal-world'

let w: World
let port: number
let printer: Listener | undefined
beforeAll(async () => {
  port = await closedPort()
  w = await startWorld(port)
}, 60_000)
afterAll(async () => {
  await printer?.close()
  await w?.stop()
})

it('labels queued for an offline printer are not printed with directions Phensys has since changed', async () => {
  const { core } = w
  const id = 'fr_R27_STALE_LABELS'
  const code = await readyToDispense(w, id)
  ok(await core.call(w.assembler, 'dispensing.scanPack', { id, lineId: 'l1', raw: code }), 'scan')
  await until(() => core.internals.devices.queue.jobs(id)[0]?.state === 'retrying', 'the offline printer')

  directionsChangedAtPhensys(w, id)
  await settle(core)

  printer = await startListener({ kind: 'printer' }, port)
  // The job's retry comes round (20-50 ms apart here): it is delivered or withdrawn.
  await until(async () => {
    core.internals.devices.queue.wake()
    await core.internals.devices.queue.sendDue()
    return core.internals.devices.queue.jobs(id)[0]?.state !== 'retrying'
  }, 'the job settled once the printer is back')
  await settle(core)
  const printed = printer.jobs.map((job) =>
    parseZplJob(job.toString('utf8'))
      .flatMap((label) => label.fields.map((field) => field.text))
      .join(' ')
  )
  for (const text of printed) expect(text, 'a label printed after the directions changed').not.toMatch(/\bONE\b/)
  if (printed.length === 0) expect(stageOf(w, id)).toBe('dispensing')
})
