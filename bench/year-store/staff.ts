/**
 * The pharmacy's people, as the year store has them, and the one way the generator and the
 * benchmarks talk to the counter: a contract call by a signed-in person, which must succeed.
 */
import type { Core } from '../../src/main/core'
import type { OsPrinting } from '../../src/main/devices/label-sink'
import type { CallInput, CallName, CallResult } from '../../src/shared/contract'
import type { Role } from '../../src/shared/roles'

export interface Person {
  username: string
  displayName: string
  roles: Role[]
  gphcNumber: string | null
  pin: string
}

const person = (
  username: string,
  displayName: string,
  roles: Role[],
  pin: string,
  gphcNumber: string | null = null
) => ({
  username,
  displayName,
  roles,
  gphcNumber,
  pin
})

/** Everyone on the year store's staff list, with the PINs they sign in with. */
export const PEOPLE = {
  owner: person('owner', 'Olu Owner', ['administrator'], '864209'),
  pharmacists: [
    person('spatel', 'Sam Patel', ['pharmacist'], '531864', '2011111'),
    person('rokafor', 'Rachel Okafor', ['pharmacist'], '620497', '2054321')
  ],
  dispensers: [
    person('ajones', 'Alex Jones', ['dispenser'], '718352'),
    person('jellis', 'Jordan Ellis', ['dispenser'], '904126')
  ],
  checkers: [
    person('pshah', 'Priya Shah', ['accuracy_checker'], '382719'),
    person('tbecker', 'Tom Becker', ['accuracy_checker'], '475083')
  ]
} as const

/** A contract call that must succeed; a refusal stops whoever made it, saying what was refused. */
export async function must<N extends CallName>(
  core: Core,
  session: string,
  name: N,
  input: CallInput<N>
): Promise<CallResult<N>> {
  const answer = await core.call(session, name, input)
  if (!answer.ok) throw new Error(`${name} ${JSON.stringify(input).slice(0, 200)}: ${answer.error.message}`)
  return answer.value
}

/** A new window, signed in as this person. */
export async function signIn(core: Core, who: Person): Promise<string> {
  const session = core.openSession()
  const answer = await core.call(session, 'auth.signIn', { username: who.username, secret: who.pin })
  if (!answer.ok) throw new Error(`${who.username} cannot sign in: ${answer.error.message}`)
  // Signing in gives the session a new id.
  return answer.renewedSessionId ?? session
}

/** A label printer that takes every job at once: the print queue's real path, without paper. */
export function memoryPrinter(): OsPrinting & { readonly pages: number } {
  let pages = 0
  return {
    get pages() {
      return pages
    },
    print: async (labels) => {
      pages += labels.length
    }
  }
}

/** The device settings that point the print queue at the memory printer. */
export const MEMORY_PRINTER = { kind: 'os', deviceName: 'Year store label printer' } as const
