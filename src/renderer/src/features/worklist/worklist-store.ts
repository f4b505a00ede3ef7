import { create } from 'zustand'
import type { Stage } from '../../../../shared/workflow/stages'
import type { SearchHit, WorklistView, WorklistViewName } from '../../../../shared/contract'
import { call } from '../../api/client'
import { forgetAtSignOut } from '../../session/person-state'

interface WorklistState {
  /** The open work, what was completed today, or all requests (newest first, a page at a time). */
  viewName: WorklistViewName
  view: WorklistView | null
  error: string | null
  stageFilter: Stage | null
  search: string
  /** What the search found across every request, open or closed (null while not searching). */
  hits: SearchHit[] | null
  selected: number
  load(): Promise<void>
  /** The next page of "All". */
  more(): Promise<void>
  setView(name: WorklistViewName): void
  setStageFilter(stage: Stage | null): void
  setSearch(search: string): void
  select(index: number): void
}

/** Typing stops this long before the search goes to main. */
const SEARCH_PAUSE_MS = 250
let searchTimer: ReturnType<typeof setTimeout> | undefined

export const useWorklist = create<WorklistState>((set, get) => ({
  viewName: 'open',
  view: null,
  error: null,
  stageFilter: null,
  search: '',
  hits: null,
  selected: 0,
  async load() {
    const answer = await call('worklist.get', { view: get().viewName })
    if (answer.ok) set({ view: answer.value, error: null })
    else set({ error: answer.error.message })
  },
  async more() {
    const { view, viewName } = get()
    const last = view?.rows.at(-1)
    if (!view?.more || !last) return
    const answer = await call('worklist.get', { view: viewName, after: { receivedAt: last.receivedAt, id: last.id } })
    if (!answer.ok) return set({ error: answer.error.message })
    set({
      view: {
        ...answer.value,
        rows: [...view.rows, ...answer.value.rows],
        notes: { ...view.notes, ...answer.value.notes }
      }
    })
  },
  setView(viewName) {
    set({ viewName, stageFilter: null, selected: 0, view: null })
    void get().load()
  },
  setStageFilter: (stageFilter) => set({ stageFilter, selected: 0 }),
  setSearch(search) {
    set({ search, selected: 0 })
    clearTimeout(searchTimer)
    if (search.trim().length < 2) return set({ hits: null })
    searchTimer = setTimeout(() => {
      void call('patients.search', { text: search }).then((answer) => {
        if (get().search !== search) return
        if (answer.ok) set({ hits: answer.value, error: null })
        else set({ error: answer.error.message })
      })
    }, SEARCH_PAUSE_MS)
  },
  select: (selected) => set({ selected })
}))

// Another person's search and stage filter would hide requests from the next one.
forgetAtSignOut(() => {
  clearTimeout(searchTimer)
  useWorklist.setState(useWorklist.getInitialState(), true)
})
