import { create } from 'zustand'
import type { StoreCheckStatus, StoreCheckView } from '@shared/contract'
import { call } from '../../api/client'
import { afterFirstScreen } from '../../session/first-screen'

interface StoreCheckState {
  status: StoreCheckStatus | null
  load(): Promise<void>
  /** A check finished (main tells every window). */
  heard(view: StoreCheckView): void
}

/** The last full check of the local database, for the banner every person sees and the Users screen. */
export const useStoreCheck = create<StoreCheckState>((set) => ({
  status: null,
  async load() {
    await afterFirstScreen()
    const answer = await call('store.checkStatus', {})
    if (answer.ok) set({ status: answer.value })
  },
  heard: (view) => set({ status: { latest: view, running: false } })
}))
