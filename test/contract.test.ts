import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { calls, type CallName } from '../src/shared/contract'
import { ROLE_MATRIX } from '../src/shared/contract/role-matrix'
import { ROLES, type Role } from '../src/shared/roles'
import { TRAINING_STAFF } from '../src/main/training/staff'
import { signedInAs, startTempCore } from './helpers/temp-core'

type Started = Awaited<ReturnType<typeof startTempCore>>
let started: Started

beforeEach(async () => {
  started = await startTempCore()
})
afterEach(async () => started.stop())

describe('the contract registration loop', () => {
  it('answers a validation error, not an exception, to invalid input on every call', async () => {
    for (const name of Object.keys(calls) as CallName[]) {
      const roles = ROLE_MATRIX[name].roles
      const insider = TRAINING_STAFF.find(
        (person) => !Array.isArray(roles) || person.roles.some((role) => roles.includes(role))
      )!
      const session = await signedInAs(started.core, insider.username, insider.pin)
      for (const invalid of [42, 'text', [], null]) {
        const answer = await started.core.dispatch(session, name, invalid)
        expect(answer, `${name} with ${JSON.stringify(invalid)}`).toMatchObject({
          ok: false,
          error: { code: 'invalid_input' }
        })
      }
    }
  })

  it('says what was not accepted in words, without the call’s name or a field’s code', async () => {
    const session = await signedInAs(started.core, 'ajones', '2222')
    const answer = await started.core.dispatch(session, 'requests.pack', { id: 'fr_X', bagScan: '', parcels: 0 })
    expect(answer.ok).toBe(false)
    const message = answer.ok ? '' : answer.error.message
    expect(message).toMatch(/^Not accepted\. /)
    expect(message).toContain('bag scan')
    expect(message).not.toMatch(/requests\.pack|bagScan/)
  })

  it('refuses every role-restricted call to a user without the role, and to nobody signed in', async () => {
    const restricted = (Object.keys(calls) as CallName[]).filter((name) => Array.isArray(ROLE_MATRIX[name].roles))
    expect(restricted.length).toBeGreaterThan(0)
    for (const name of restricted) {
      const allowed = ROLE_MATRIX[name].roles as readonly Role[]
      if (allowed.length === ROLES.length) continue
      const outsider = TRAINING_STAFF.find((person) => !person.roles.some((role) => allowed.includes(role)))
      expect(outsider, `someone lacks ${allowed.join('/')}`).toBeDefined()
      const session = await signedInAs(started.core, outsider!.username, outsider!.pin)
      const refused = await started.core.dispatch(session, name, {})
      expect(refused, name).toMatchObject({ ok: false, error: { code: 'forbidden' } })
      const anonymous = await started.core.dispatch(started.core.openSession(), name, {})
      expect(anonymous, name).toMatchObject({ ok: false, error: { code: 'not_signed_in' } })
    }
  })

  it('takes a request id of 64 characters with an emoji among them, and refuses 65, as the contract counts', () => {
    const id = `fr_${'x'.repeat(60)}💊`
    expect(calls['requests.get'].input.safeParse({ id }).success).toBe(true)
    expect(calls['requests.get'].input.safeParse({ id: `${id}x` }).success).toBe(false)
    expect(calls['audit.list'].input.safeParse({ entityId: id }).success).toBe(true)
  })

  it('answers unknown calls and unknown sessions with coded errors', async () => {
    const session = started.core.openSession()
    expect(await started.core.dispatch(session, 'no.such.call', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_call' }
    })
    expect(await started.core.dispatch('forged', 'worklist.get', {})).toMatchObject({
      ok: false,
      error: { code: 'session_expired' }
    })
  })

  it('lets every role reach what it holds, and the worklist only to those who work on requests', async () => {
    for (const role of ROLES) {
      const person = TRAINING_STAFF.find((p) => p.roles.includes(role))!
      const session = await signedInAs(started.core, person.username, person.pin)
      expect((await started.core.call(session, 'sync.health', {})).ok, role).toBe(true)
      const worklist = await started.core.call(session, 'worklist.get', {})
      expect(worklist.ok, role).toBe(role !== 'administrator')
    }
  })
})
