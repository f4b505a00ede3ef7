import { create } from 'zustand'

export const REGISTER_TABS = [
  { tab: 'pom', label: 'POM register' },
  { tab: 'cd', label: 'CD register' },
  { tab: 'rp', label: 'RP record' },
  { tab: 'recall', label: 'Batch recall' }
] as const
export type RegisterTab = (typeof REGISTER_TABS)[number]['tab']

/** Today on this workstation's calendar, YYYY-MM-DD. */
export function localDate(at: Date = new Date()): string {
  return at.toLocaleDateString('en-CA')
}

function daysBefore(days: number): string {
  const at = new Date()
  at.setDate(at.getDate() - days)
  return localDate(at)
}

interface RegistersState {
  tab: RegisterTab
  /** One date range for every tab, so switching tabs keeps what was asked. */
  from: string
  to: string
  setTab(tab: RegisterTab): void
  setRange(range: { from?: string; to?: string }): void
}

export const useRegisters = create<RegistersState>((set) => ({
  tab: 'pom',
  from: daysBefore(30),
  to: localDate(),
  setTab: (tab) => set({ tab }),
  setRange: (range) => set(range)
}))
