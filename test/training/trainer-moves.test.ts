import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Stage } from '../../src/shared/workflow/stages'
import { settle } from '../helpers/linked'
import { signedInAs, startTempCore, type TempCore } from '../helpers/temp-core'

/**
 * Training plays Phensys too: the trainer's moves (the patient's choice, a cancellation, a query's
 * resolution with changed items) go to the built-in sandbox, and the counter learns of each from
 * the feed as it would from Phensys. Only a trainer (pharmacist or administrator) plays them.
 */
describe("the trainer's moves, on the training core and its sandbox", () => {
  let temp: TempCore
  let trainer: string
  let dispenser: string

  beforeEach(async () => {
    temp = await startTempCore()
    await settle(temp.core)
    trainer = await signedInAs(temp.core, 'spatel', '1111')
    dispenser = await signedInAs(temp.core, 'ajones', '2222')
  })
  afterEach(async () => {
    await temp.stop()
  })

  const stageOf = (id: string): Stage | undefined => temp.core.internals.requests.get(id)?.row.stage

  async function move(name: string, input: object): Promise<string> {
    const answer = await temp.core.call(trainer, name as 'training.cancel', input as { id: string })
    if (!answer.ok) throw new Error(answer.error.message)
    await settle(temp.core)
    return answer.value.said
  }

  it('the patient cancels, or asks for a further consultation, on a request whose stock is short', async () => {
    const waiting = async (): Promise<string> => {
      const rows = await temp.core.call(trainer, 'training.requests', {})
      if (!rows.ok) throw new Error(rows.error.message)
      // Accepted, a request the training stock cannot fill waits for the patient's choice.
      for (const row of rows.value.filter((r) => r.stage === 'new')) {
        const accepted = await temp.core.call(dispenser, 'requests.accept', { id: row.id })
        if (!accepted.ok || stageOf(row.id) !== 'awaiting_patient_decision') continue
        // Phensys hears of it first: the patient decides on what Phensys was told.
        await settle(temp.core)
        return row.id
      }
      throw new Error('no request of the demo day waits for the patient')
    }
    const cancelled = await waiting()
    expect(await move('training.patientChoice', { id: cancelled, choice: 'cancel' })).toMatch(/patient cancelled/)
    expect(stageOf(cancelled)).toBe('cancelled')
    const further = await waiting()
    await move('training.patientChoice', { id: further, choice: 'further_consultation' })
    expect(stageOf(further)).toBe('further_consultation')
    // The patient who waits: e2e/trainer.spec.ts (the demo day has two requests the stock cannot fill).
  })

  it('Phensys cancels a request, and resolves a query with a changed quantity, which the counter checks again', async () => {
    await move('training.cancel', { id: 'fr_V1Z0L' })
    expect(stageOf('fr_V1Z0L')).toBe('cancelled')

    const id = 'fr_F2S5N'
    expect(await temp.core.call(dispenser, 'requests.accept', { id })).toMatchObject({ ok: true })
    expect(
      await temp.core.call(trainer, 'requests.raiseQuery', { id, reason: 'clinical', message: 'Dose too high?' })
    ).toMatchObject({ ok: true, value: { row: { stage: 'query_raised' } } })
    await settle(temp.core)
    const line = temp.core.internals.requests.get(id)!.snapshot.prescription.items[0]!
    const said = await move('training.resolveQuery', { id, quantities: [{ lineId: line.lineId, quantity: 7 }] })
    expect(said).toContain(`${line.lineId} to 7`)
    const after = temp.core.internals.requests.get(id)!
    expect(after.snapshot.prescription.items[0]!.quantity).toBe(7)
    expect(after.row.stage).not.toBe('query_raised')
  })

  it('is refused to a dispenser', async () => {
    expect(await temp.core.call(dispenser, 'training.cancel', { id: 'fr_V1Z0L' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
    await settle(temp.core)
    expect(stageOf('fr_V1Z0L')).toBe('new')
  })
})
