import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { settle } from '../helpers/linked'
import { startPremisesHost, type PremisesHost } from '../helpers/premises'
import { signedInAs } from '../helpers/temp-core'
import { until } from '../helpers/until'

/**
 * README (a removed bench): its labels not yet printed go to the host's printer, marked. A job the
 * queue had already handed to the bench's printer when the bench was removed is marked the same
 * way (`PrintQueue.benchRemoved` moves 'sending' and 'unconfirmed' jobs with the rest): the queue
 * then says "the host's printer (Bench 2 was removed before it printed there)" for labels whose
 * bytes Bench 2's printer took, and asks whether it printed. The person at the host sees nothing
 * on the host's printer, answers "not printed", and the labels print a second time at the host,
 * while the first set may lie at a bench that was removed because it was lost or stolen. The
 * record should say the labels went to Bench 2's printer and may have printed there.
 */
describe('a removed bench whose printer had taken a job', () => {
  let host: PremisesHost

  beforeEach(async () => {
    host = await startPremisesHost()
    await settle(host.temp.core)
  })
  afterEach(async () => {
    await host.stop()
  })

  it('does not have that job recorded as never printed there', async () => {
    const bench = await host.bench('Bench 2')
    const queue = host.temp.core.internals.devices.queue
    const sent: string[] = []
    bench.link.offerPrinter('Zebra at Bench 2', (zpl) => {
      sent.push(zpl)
      return new Promise(() => undefined)
    })
    await until(() => queue.benchPrinter(bench.pairing.workstationId) !== null, 'the bench to offer its printer')
    const sqlite = host.temp.core.internals.store.sqlite
    sqlite.prepare(`UPDATE workstations SET default_printer = 'bench' WHERE id = ?`).run(bench.pairing.workstationId)
    const LONG_AGO = new Date('2000-01-01T09:00:00Z')
    const atBench = { id: bench.pairing.workstationId, name: 'Bench 2' }
    const sending = sqlite.transaction(() =>
      queue.enqueue({ requestId: null, kind: 'test', labels: [], createdBy: null, bench: atBench }, LONG_AGO)
    )()
    void queue.sendDue()
    await until(() => sent.length === 1, "the job to reach the bench's printer")

    expect((await host.temp.core.call(host.admin, 'premises.revoke', { id: atBench.id })).ok).toBe(true)
    await until(() => queue.job(sending)?.state === 'unconfirmed', 'the job sent to the bench to await a person')
    const job = queue.job(sending)!
    expect(job.destination, "where the queue says the job sent to Bench 2's printer went").not.toMatch(
      /removed before it printed there/
    )

    // A person answers: it did not print there. Only then is it sent again, to the host's printer.
    const answered = await host.temp.core.call(
      await signedInAs(host.temp.core, 'spatel', '1111'),
      'print.resolveUnconfirmed',
      {
        id: sending,
        printed: false
      }
    )
    expect(answered.ok ? answered.value.destination : answered.error.message).toBe(
      "the host's printer (Bench 2 was removed; a person said it did not print there)"
    )
  })
})
