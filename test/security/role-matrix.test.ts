/**
 * Least privilege, enumerated: every contract call as every role against a real core with real
 * patients' work in it. A role the matrix leaves out is refused; an administrator is allowed no call
 * that answers with patient data, and no answer an administrator gets names a patient.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { calls, type CallName } from '../../src/shared/contract'
import { ROLE_MATRIX } from '../../src/shared/contract/role-matrix'
import { ROLES } from '../../src/shared/roles'
import { generator, seeded } from './arbitrary-input'
import { patientFieldsIn, patientWorld, type PatientWorld } from './patient-world'

let w: PatientWorld
beforeAll(async () => {
  w = await patientWorld()
}, 120_000)
afterAll(async () => w?.stop())

const NAMES = Object.keys(calls) as CallName[]
/** Calls an administrator must not make here: they would restart or reconfigure the test's own core. */
const NOT_IN_THIS_CORE: readonly CallName[] = ['app.restart']

describe('the role matrix', () => {
  it('lists every call, and gives administrators nothing that carries patient data', () => {
    expect(Object.keys(ROLE_MATRIX).sort()).toEqual([...NAMES].sort())
    for (const name of NAMES) {
      const rule = ROLE_MATRIX[name]
      if (rule.patientData) expect(rule.roles, name).not.toContain('administrator')
      if (rule.patientData) expect(rule.roles, name).not.toBe('public')
    }
    // What administrators used to read: patients' requests and labels.
    for (const name of ['worklist.get', 'requests.get', 'labels.preview', 'sync.problems', 'audit.list'] as const)
      expect(ROLE_MATRIX[name].roles, name).not.toContain('administrator')
  })

  it('refuses every call to every role the matrix leaves out, before looking at the input', async () => {
    const refused: string[] = []
    for (const name of NAMES) {
      const roles = ROLE_MATRIX[name].roles
      if (!Array.isArray(roles)) continue
      for (const role of ROLES) {
        if (roles.includes(role)) continue
        const answer = await w.core.dispatch(w.sessions[role], name, {})
        expect(answer, `${name} as ${role}`).toMatchObject({ ok: false, error: { code: 'forbidden' } })
        refused.push(`${name}/${role}`)
      }
    }
    // Each of the 4 roles is refused something; the administrator is refused every patient-data call.
    const patientCalls = NAMES.filter((name) => ROLE_MATRIX[name].patientData)
    expect(patientCalls.length).toBeGreaterThan(40)
    for (const name of patientCalls) expect(refused, name).toContain(`${name}/administrator`)
  })

  // Hundreds of calls, each through the whole dispatch: seconds quiet, far more on a loaded machine.
  it('answers an administrator without a patient particular, whatever the call and input', async () => {
    const random = seeded(20261126)
    const ids = w.requestIds
    const gen = generator(random, {
      strings: [...ids, `PC-REQ:${ids[0]}`, '2026-11-26', '2026-11-01', 'owner', 'royal_mail_tracked_24'],
      numbers: [1, 2, 3, 4, 5, 10]
    })
    let answered = 0
    for (const name of NAMES) {
      const roles = ROLE_MATRIX[name].roles
      if (NOT_IN_THIS_CORE.includes(name) || (Array.isArray(roles) && !roles.includes('administrator'))) continue
      // Mutating calls that would sign the administrator out are left to the fuzz run.
      if (name === 'auth.signOut' || name === 'auth.lock' || name === 'auth.signIn') continue
      for (let i = 0; i < 8; i++) {
        const answer = await w.core.dispatch(w.sessions.administrator, name, gen.input(calls[name].input))
        expect(answer, name).not.toMatchObject({ error: { code: 'internal' } })
        expect(patientFieldsIn(answer, w.patientFields), `${name} told an administrator`).toEqual([])
        if (answer.ok) answered += 1
      }
    }
    expect(answered).toBeGreaterThan(40)
    // And the same calls do name patients to those who may see them (the check can fail).
    const worklist = await w.core.call(w.sessions.dispenser, 'worklist.get', {})
    expect(patientFieldsIn(worklist, w.patientFields).length).toBeGreaterThan(0)
  }, 120_000)

  it('tells administrators nothing about requests by event', async () => {
    const heard: unknown[] = []
    const unsubscribe = w.core.subscribe(w.sessions.administrator, (event) => heard.push(event))
    await w.core.call(w.sessions.pharmacist, 'requests.accept', { id: w.requestIds[2]! })
    await new Promise((resolve) => setTimeout(resolve, 50))
    unsubscribe?.()
    expect(heard.map((event) => (event as { name: string }).name)).not.toContain('worklist.changed')
    expect(patientFieldsIn(heard, w.patientFields)).toEqual([])
  })
})
