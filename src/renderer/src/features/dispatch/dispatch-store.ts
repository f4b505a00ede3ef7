import { create } from 'zustand'
import type { CallError } from '@shared/errors'
import type { OutcomeImportReport } from '@shared/contract'
import { londonDate } from '@shared/time/london'
import { forgetAtSignOut } from '../../session/person-state'

export const DISPATCH_TABS = [
  { tab: 'manifests', label: 'Manifests' },
  { tab: 'outcomes', label: 'Carrier outcomes' },
  { tab: 'carriers', label: 'Carriers' }
] as const
export type DispatchTab = (typeof DISPATCH_TABS)[number]['tab']

/** One file imported on this visit: main's report, or why main refused the whole file. */
export type OutcomeImport = { fileName: string; report: OutcomeImportReport } | { fileName: string; error: CallError }

interface DispatchState {
  tab: DispatchTab
  /** The manifest day shown, YYYY-MM-DD. */
  date: string
  /** Newest first; kept while a person opens a request from a report and comes back. */
  imports: OutcomeImport[]
  setTab(tab: DispatchTab): void
  setDate(date: string): void
  addImport(result: OutcomeImport): void
}

export const useDispatch = create<DispatchState>((set) => ({
  tab: 'manifests',
  date: londonDate(new Date()),
  imports: [],
  setTab: (tab) => set({ tab }),
  setDate: (date) => set({ date }),
  addImport: (result) => set((state) => ({ imports: [result, ...state.imports] }))
}))

forgetAtSignOut(() => useDispatch.setState({ tab: 'manifests', date: londonDate(new Date()), imports: [] }))
