import { create } from 'zustand'
import type { SyncHealth } from '@shared/contract'
import { call } from '../../api/client'
import { afterFirstScreen } from '../../session/first-screen'

interface SyncState {
  health: SyncHealth | null
  load(): Promise<void>
  set(health: SyncHealth): void
}

export const useSync = create<SyncState>((set) => ({
  health: null,
  async load() {
    await afterFirstScreen()
    const answer = await call('sync.health', {})
    if (answer.ok) set({ health: answer.value })
  },
  set: (health) => set({ health })
}))
