import { create } from 'zustand'
import type { AppInfo, SessionInfo } from '@shared/contract'
import type { Role } from '@shared/roles'
import { call } from '../api/client'
import { forgetThePerson } from './person-state'

export type Screen =
  | { name: 'worklist' }
  /** `scan`: the dispensing label that opened it, which is also the checker's first re-scan. */
  | { name: 'request'; id: string; scan?: string }
  /** `from`: the request it was opened from, where Escape goes back to. */
  | { name: 'patient'; patientId: string; from?: string }
  | { name: 'sync' }
  | { name: 'settings' }
  | { name: 'users' }
  | { name: 'pairing' }
  | { name: 'stock' }
  | { name: 'devices' }
  | { name: 'hardCopies' }
  | { name: 'rp' }
  /** `tab`: the register to open on, one of the Registers screen's tabs. */
  | { name: 'registers'; tab?: 'pom' | 'cd' | 'rp' | 'recall' }
  | { name: 'dispatch' }
  | { name: 'trainer' }

/** Administrators run the workstation and its people; patients' requests are not theirs to see. */
export const seesTheWorklist = (roles: readonly Role[]): boolean => roles.some((role) => role !== 'administrator')

/** Someone is signed in and may work: not locked, and not held to choosing a new PIN first. */
export const isWorking = (session: SessionInfo | null): session is SessionInfo =>
  session !== null && !session.locked && !session.mustChangeSecret

interface SessionState {
  info: AppInfo | null
  session: SessionInfo | null
  screen: Screen
  loadError: string | null
  load(): Promise<void>
  setSession(session: SessionInfo | null): void
  open(screen: Screen): void
}

export const useSession = create<SessionState>((set, get) => ({
  info: null,
  session: null,
  screen: { name: 'worklist' },
  loadError: null,
  async load() {
    const [info, session] = await Promise.all([call('app.info', {}), call('auth.session', {})])
    if (!info.ok) return set({ loadError: info.error.message })
    set({ info: info.value, session: session.ok ? session.value : null, loadError: null })
  },
  setSession(session) {
    const before = get().session?.user.id ?? null
    if (before !== (session?.user.id ?? null) && before !== null) forgetThePerson()
    set((state) => ({
      session,
      screen: session && session.user.id === before ? state.screen : { name: 'worklist' }
    }))
    // Back at the sign-in screen: the list of people may have changed meanwhile.
    if (!session) void get().load()
  },
  open(screen) {
    set({ screen })
  }
}))
