import { create } from 'zustand'
import { forgetAtSignOut } from '../../session/person-state'

/** Which request, if any, is in accuracy-check mode (opened with the table's key from the actions). */
interface AccuracyState {
  requestId: string | null
  open(requestId: string): void
  close(): void
}

export const useAccuracyCheck = create<AccuracyState>((set) => ({
  requestId: null,
  open: (requestId) => set({ requestId }),
  close: () => set({ requestId: null })
}))

forgetAtSignOut(() => useAccuracyCheck.setState({ requestId: null }))
