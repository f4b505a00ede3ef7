import { create } from 'zustand'
import { addDays } from '@shared/time/calendar'
import { londonDate } from '@shared/time/london'
import { forgetAtSignOut } from '../../session/person-state'

export const REGISTER_TABS = [
  { tab: 'pom', label: 'POM register' },
  { tab: 'cd', label: 'CD register' },
  { tab: 'rp', label: 'RP record' },
  { tab: 'recall', label: 'Batch recall' },
  { tab: 'returns', label: 'Returned by patients' }
] as const
export type RegisterTab = (typeof REGISTER_TABS)[number]['tab']

/** The London day `days` before today: the registers are kept by the pharmacy's days. */
function daysBefore(days: number): string {
  return addDays(londonDate(new Date()), -days)
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
  to: daysBefore(0),
  setTab: (tab) => set({ tab }),
  setRange: (range) => set(range)
}))

forgetAtSignOut(() => useRegisters.setState({ tab: 'pom', from: daysBefore(30), to: daysBefore(0) }))
