/**
 * Every call, as every role, with inputs drawn from its schema and from anything at all, seeded:
 * the answer is never an internal error, a role the matrix leaves out is always refused, and an
 * administrator is never told a patient particular. `FUZZ_CALLS` sets the number of calls
 * (1,000 by default, as CI runs it; `FUZZ_CALLS=20000` locally), `FUZZ_SEED` replays a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { calls, type CallName } from '../../src/shared/contract'
import { ROLE_MATRIX } from '../../src/shared/contract/role-matrix'
import { staffBadgePayload, requestLabelPayload } from '../../src/shared/scan/own-labels'
import { ROLES, type Role } from '../../src/shared/roles'
import { STAFF_PIN } from '../helpers/linked'
import { signedInAs } from '../helpers/temp-core'
import { generator, pick, seeded } from './arbitrary-input'
import { patientFieldsIn, patientWorld, type PatientWorld } from './patient-world'

const COUNT = Number(process.env.FUZZ_CALLS ?? 1000)
const SEED = Number(process.env.FUZZ_SEED ?? 15)
const NAMES = (Object.keys(calls) as CallName[]).filter((name) => name !== 'app.restart')
/** Answers that mean the call got past who-may-call and the input's shape to the work itself. */
const GATES = new Set([
  'invalid_input',
  'forbidden',
  'not_signed_in',
  'session_locked',
  'session_expired',
  'try_again_later'
])

let w: PatientWorld
/** Who each role's session is, to sign in again when the fuzz signs one out or locks it. */
const PEOPLE: Record<Role, { username: string; secret: string }> = {
  administrator: { username: 'owner', secret: '864209' },
  pharmacist: { username: 'staffpharmacist', secret: STAFF_PIN },
  accuracy_checker: { username: 'staffaccuracychecker', secret: STAFF_PIN },
  dispenser: { username: 'staffdispenser', secret: STAFF_PIN }
}

beforeAll(async () => {
  w = await patientWorld()
  // Someone the fuzz may change, deactivate or reset freely: not one of its own callers.
  const spare = await w.core.call(w.sessions.administrator, 'users.create', {
    username: 'spare',
    displayName: 'Spare Person',
    roles: ['dispenser'],
    gphcNumber: null,
    secret: '306918'
  })
  if (!spare.ok) throw new Error(spare.error.message)
}, 120_000)
afterAll(async () => w?.stop())

/** Puts a role's session back as it was: signed in, unlocked, as the same person. */
async function heal(role: Role): Promise<void> {
  const { core } = w
  const person = PEOPLE[role]
  const answer = await core.call(w.sessions[role], 'auth.session', {})
  const fine =
    answer.ok &&
    answer.value?.user.username === person.username &&
    !answer.value.locked &&
    !answer.value.mustChangeSecret
  if (fine) return
  core.closeSession(w.sessions[role])
  const user = core.internals.users.byUsername(person.username)!
  core.internals.users.update(user.id, { failedAttempts: 0, retryAfter: null, active: true })
  w.sessions[role] = await signedInAs(core, person.username, person.secret)
}

describe('a fuzz run over every call as every role', () => {
  it(`${COUNT} calls (seed ${SEED}): no internal error, no bypass, nothing of a patient to an administrator`, async () => {
    const random = seeded(SEED)
    const spare = w.core.internals.users.byUsername('spare')!
    const gen = generator(random, {
      strings: [
        ...w.requestIds,
        ...w.requestIds.map((id) => requestLabelPayload(id)),
        spare.id,
        'spare',
        '306918',
        staffBadgePayload(spare.id),
        'owner',
        '2026-11-26',
        '2026-11-20',
        '2026-12-31',
        'l1',
        '39732311000001104',
        '43001611000001108',
        ']d201050000001016031728063010LP1\u001d21SN00000099',
        'royal_mail_tracked_24',
        'collect',
        'TT12345678GB',
        'Found one behind the shelf',
        'http://127.0.0.1:9/',
        'tracking,status,date\nTT00000000GB,delivered,26/11/2026 10:00\n'
      ],
      numbers: [1, 2, 3, 4, 5, 6, 10, 20, 28, 28_000]
    })
    const internal: string[] = []
    const bypasses: string[] = []
    const told: string[] = []
    const reached = new Set<CallName>()
    for (let i = 0; i < COUNT; i++) {
      const name = pick(random, NAMES)
      const rule = ROLE_MATRIX[name]
      const allowed = Array.isArray(rule.roles) ? rule.roles : ROLES
      // Mostly someone who may make the call; sometimes anyone.
      const role: Role = random() < 0.7 && allowed.length > 0 ? pick(random, allowed) : pick(random, ROLES)
      const input = gen.input(calls[name].input)
      const answer = await w.core.dispatch(w.sessions[role], name, input)
      const where = `#${i} ${name} as ${role} with ${JSON.stringify(input)?.slice(0, 200)}`
      if (!answer.ok && answer.error.code === 'internal') internal.push(where)
      if (Array.isArray(rule.roles) && !rule.roles.includes(role)) {
        const refused =
          !answer.ok && ['forbidden', 'not_signed_in', 'session_locked', 'session_expired'].includes(answer.error.code)
        if (!refused) bypasses.push(where)
      }
      if (role === 'administrator' && patientFieldsIn(answer, w.patientFields).length > 0) told.push(where)
      if (answer.ok || !GATES.has(answer.error.code)) reached.add(name)
      await heal(role)
    }
    expect(internal).toEqual([])
    expect(bypasses).toEqual([])
    expect(told).toEqual([])
    // It must have done something: most calls got past the gates to their work at least once.
    const share = reached.size / NAMES.length
    expect(share, `reached: ${NAMES.filter((name) => !reached.has(name)).join(', ')}`).toBeGreaterThan(
      COUNT >= 1000 ? 0.9 : 0.3
    )
  }, 1_800_000)
})
