import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { CallResponse } from '../../src/shared/errors'
import { settle } from '../helpers/linked'
import { premisesHostEachTest } from '../helpers/premises'

/**
 * Two benches press the same step on the same request at the same moment, over the premises
 * network: one wins, the other is told in words who did what, and Phensys (the host's training
 * sandbox, read from its own store) receives the step's event once. With the revision their
 * screens showed, and without it (the contract lets a caller leave it out).
 */
describe('two benches, the same step at once', () => {
  const host = premisesHostEachTest()

  /** What Phensys received for a request, by type, once the host has sent all it has. */
  async function atPhensys(requestId: string): Promise<string[]> {
    await settle(host().temp.core)
    const db = new Database(join(host().temp.dir, 'training-sandbox.sqlite'), { readonly: true })
    try {
      const rows = db.prepare('SELECT type FROM events WHERE request_id = ? ORDER BY seq').all(requestId)
      return (rows as Array<{ type: string }>).map((row) => row.type)
    } finally {
      db.close()
    }
  }

  async function benches() {
    const bench1 = await host().bench('Bench 1')
    const bench2 = await host().bench('Bench 2')
    const alex = await bench1.signIn('ajones', '2222')
    const sam = await bench2.signIn('spatel', '1111')
    const revision = async (id: string): Promise<number> => {
      const got = await bench1.link.dispatch(alex, 'requests.get', { id })
      if (!got.ok) throw new Error(got.error.message)
      return (got.value as { row: { revision: number } }).row.revision
    }
    return {
      revision,
      /** Both benches send the same call at once; the answers, Bench 1's first. */
      both: (name: string, input: object) =>
        Promise.all([bench1.link.dispatch(alex, name, input), bench2.link.dispatch(sam, name, input)])
    }
  }

  /** Exactly one answer is ok; the other's words name who did it. */
  function oneWins(answers: Array<CallResponse<unknown>>, step: RegExp): void {
    expect(answers.filter((a) => a.ok)).toHaveLength(1)
    const loser = answers.find((a) => !a.ok)!
    expect(loser.ok ? '' : loser.error.code).toBe('conflict')
    expect(loser.ok ? '' : loser.error.message).toMatch(step)
    expect(loser.ok ? '' : loser.error.message).toMatch(/Alex Jones|Sam Patel/)
    // In words: no code, no stage name as the store spells it.
    expect(loser.ok ? '' : loser.error.message).not.toMatch(/ready_to_dispense|awaiting_|_stock|requests\./)
  }

  it('accept, with no revision sent: one accepts, the other is told who, and Phensys hears it once', async () => {
    const { both } = await benches()
    oneWins(await both('requests.accept', { id: 'fr_V1Z0L' }), /Accept is not possible|changed since/)
    expect((await atPhensys('fr_V1Z0L')).filter((type) => type === 'accepted')).toHaveLength(1)
  })

  it('start dispensing, with the revision both screens showed: one starts and claims it, the other is told who', async () => {
    const { both, revision } = await benches()
    const id = 'fr_F2S5N'
    const first = await both('requests.accept', { id, basedOnRevision: await revision(id) })
    expect(first.filter((a) => a.ok)).toHaveLength(1)
    const answers = await both('requests.startDispensing', { id, basedOnRevision: await revision(id) })
    oneWins(answers, /Start dispensing/)
    const winner = answers[0]!.ok ? 'Bench 1' : 'Bench 2'
    expect(host().temp.core.internals.requests.get(id)?.row.claim).toMatchObject({ benchName: winner })
    const sent = await atPhensys(id)
    expect(sent.filter((type) => type === 'accepted')).toHaveLength(1)
    expect(sent.filter((type) => type === 'dispensing.started')).toHaveLength(1)
  })

  it('start dispensing, with no revision sent: the claim taken by the one refuses the other, in words', async () => {
    const { both, revision } = await benches()
    const id = 'fr_F2S5N'
    expect((await both('requests.accept', { id, basedOnRevision: await revision(id) })).some((a) => a.ok)).toBe(true)
    const answers = await both('requests.startDispensing', { id })
    oneWins(answers, /Start dispensing/)
    expect((await atPhensys(id)).filter((type) => type === 'dispensing.started')).toHaveLength(1)
  })
})
