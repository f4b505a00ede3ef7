import { create } from 'zustand'
import type { CallName, RpStatus } from '@shared/contract'
import { call } from '../../api/client'
import { afterFirstScreen } from '../../session/first-screen'

type RpCommand = Extract<CallName, 'rp.signIn' | 'rp.startAbsence' | 'rp.endAbsence'>

interface RpState {
  status: RpStatus | null
  error: string | null
  busy: boolean
  load(): Promise<void>
  set(status: RpStatus): void
  run(command: RpCommand): Promise<void>
  signOut(reason?: string, endedAt?: string): Promise<boolean>
}

/** Who is Responsible Pharmacist now, kept fresh by the `rp.changed` event. */
export const useRp = create<RpState>((set) => ({
  status: null,
  error: null,
  busy: false,
  async load() {
    await afterFirstScreen()
    const answer = await call('rp.status', {})
    if (answer.ok) set({ status: answer.value })
  },
  set: (status) => set({ status }),
  async run(command) {
    set({ busy: true })
    const answer = await call(command, {})
    set(answer.ok ? { busy: false, error: null, status: answer.value } : { busy: false, error: answer.error.message })
  },
  async signOut(reason, endedAt) {
    set({ busy: true })
    const answer = await call('rp.signOut', { ...(reason ? { reason } : {}), ...(endedAt ? { endedAt } : {}) })
    set(answer.ok ? { busy: false, error: null, status: answer.value } : { busy: false, error: answer.error.message })
    return answer.ok
  }
}))
