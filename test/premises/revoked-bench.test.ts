import { describe, expect, it } from 'vitest'
import { premisesHostEachTest } from '../helpers/premises'
import { signedInAs } from '../helpers/temp-core'
import { until } from '../helpers/until'

/**
 * README (the premises host): "a removed bench is refused at once". A bench is removed because it
 * was lost, stolen or replaced; what it already holds open (a signed-in window's event stream, the
 * printer it offers) must end with the removal, not carry on hearing the pharmacy's work.
 */
describe('a removed bench', () => {
  const host = premisesHostEachTest()

  /**
   * Bench 2 paired, printing by default to the printer it offers, which takes each job and never
   * says whether it printed; `enqueue` queues a test job for it, due at once.
   */
  async function benchPrintingToASilentPrinter() {
    const bench = await host().bench('Bench 2')
    const queue = host().temp.core.internals.devices.queue
    const sent: string[] = []
    bench.link.offerPrinter('Zebra at Bench 2', (zpl) => {
      sent.push(zpl)
      return new Promise(() => undefined)
    })
    await until(() => queue.benchPrinter(bench.pairing.workstationId) !== null, 'the bench to offer its printer')
    const sqlite = host().temp.core.internals.store.sqlite
    sqlite.prepare(`UPDATE workstations SET default_printer = 'bench' WHERE id = ?`).run(bench.pairing.workstationId)
    // Due at once whatever day the training clock says it is.
    const LONG_AGO = new Date('2000-01-01T09:00:00Z')
    const atBench = { id: bench.pairing.workstationId, name: 'Bench 2' }
    const enqueue = (): number =>
      sqlite.transaction(() =>
        queue.enqueue({ requestId: null, kind: 'test', labels: [], createdBy: null, bench: atBench }, LONG_AGO)
      )()
    return { queue, sent, atBench, enqueue }
  }

  it('hears nothing more of the pharmacy once an administrator removes it', async () => {
    const bench = await host().bench('Bench 2')
    await bench.signIn('ajones', '2222')
    const pharmacist = await signedInAs(host().temp.core, 'spatel', '1111')

    // Before removal the bench's window hears the host's work as it happens.
    expect((await host().temp.core.call(pharmacist, 'requests.accept', { id: 'fr_V1Z0L' })).ok).toBe(true)
    await until(
      () => bench.heard.some((e) => e.name === 'worklist.changed' && e.payload.requestIds.includes('fr_V1Z0L')),
      'the bench hears the accept'
    )

    const removed = await host().temp.core.call(host().admin, 'premises.revoke', { id: bench.pairing.workstationId })
    expect(removed.ok).toBe(true)
    const heardAtRemoval = bench.heard.length

    // The pharmacy works on: a request news event every staff window hears.
    expect((await host().temp.core.call(pharmacist, 'requests.accept', { id: 'fr_F2S5N' })).ok).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    const ofTheNewWork = bench.heard
      .slice(heardAtRemoval)
      .filter((e) => JSON.stringify(e.payload).includes('fr_F2S5N'))
      .map((e) => e.name)
    expect(ofTheNewWork, 'events of work after the removal that the removed bench heard').toEqual([])
  })

  it("stops taking its printer's jobs at once, and keeps the ones not yet printed for the host's printer, saying so", async () => {
    const { queue, sent, atBench, enqueue } = await benchPrintingToASilentPrinter()
    const sending = enqueue()
    // Sent by hand: this training core's queue does not run by itself.
    void queue.sendDue()
    await until(() => sent.length === 1, 'the job to reach the bench')
    const waiting = enqueue()

    expect((await host().temp.core.call(host().admin, 'premises.revoke', { id: atBench.id })).ok).toBe(true)
    expect(queue.benchPrinter(atBench.id), 'the removed bench still offers a printer').toBeNull()
    expect(queue.job(waiting)?.destination, 'the job that never left the queue').toBe(
      "the host's printer (Bench 2 was removed before it printed there)"
    )
    expect(queue.job(sending)?.destination, "the job Bench 2's printer took").toBe(
      "Bench 2's printer (Bench 2 was removed; it may have printed there)"
    )
    await until(() => queue.job(sending)?.state === 'unconfirmed', 'the job sent to the bench to await a person')
    expect(sent, 'jobs the removed bench was sent').toHaveLength(1)
  })

  // A job its printer had already taken may have printed there (the bench may have been removed
  // because it was lost): it stays recorded as sent to Bench 2's printer for a person to answer,
  // and only a "not printed" sends it again, to the host's printer.
  it('keeps a job its printer had already taken recorded as sent there, until a person says it did not print', async () => {
    const { queue, sent, atBench, enqueue } = await benchPrintingToASilentPrinter()
    const sending = enqueue()
    void queue.sendDue()
    await until(() => sent.length === 1, "the job to reach the bench's printer")

    expect((await host().temp.core.call(host().admin, 'premises.revoke', { id: atBench.id })).ok).toBe(true)
    await until(() => queue.job(sending)?.state === 'unconfirmed', 'the job sent to the bench to await a person')
    const job = queue.job(sending)!
    expect(job.destination, "where the queue says the job sent to Bench 2's printer went").not.toMatch(
      /removed before it printed there/
    )

    // A person answers: it did not print there. Only then is it sent again, to the host's printer.
    const answered = await host().temp.core.call(
      await signedInAs(host().temp.core, 'spatel', '1111'),
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
