import { create } from 'zustand'
import type { Stage } from '../../../../shared/workflow/stages'
import type { WorklistView } from '../../../../shared/contract'
import { call } from '../../api/client'
import { forgetAtSignOut } from '../../session/person-state'

interface WorklistState {
  view: WorklistView | null
  error: string | null
  stageFilter: Stage | null
  search: string
  selected: number
  load(): Promise<void>
  setStageFilter(stage: Stage | null): void
  setSearch(search: string): void
  select(index: number): void
}

export const useWorklist = create<WorklistState>((set) => ({
  view: null,
  error: null,
  stageFilter: null,
  search: '',
  selected: 0,
  async load() {
    const answer = await call('worklist.get', { includeClosed: false })
    if (answer.ok) set({ view: answer.value, error: null })
    else set({ error: answer.error.message })
  },
  setStageFilter: (stageFilter) => set({ stageFilter, selected: 0 }),
  setSearch: (search) => set({ search, selected: 0 }),
  select: (selected) => set({ selected })
}))

// Another person's search and stage filter would hide requests from the next one.
forgetAtSignOut(() => useWorklist.setState(useWorklist.getInitialState(), true))
