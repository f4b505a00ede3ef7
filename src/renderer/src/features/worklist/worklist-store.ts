import { create } from 'zustand'
import { STAGES, STAGE_LABELS, type Stage } from '@shared/workflow/stages'
import type { ClosedWorklistViewName, SearchHit, WorklistGroup, WorklistRow, WorklistView } from '@shared/contract'
import type { CallResponse } from '@shared/errors'
import { call } from '../../api/client'
import { queryClient } from '../../api/queries'
import { forgetAtSignOut } from '../../session/person-state'
import { firstScreenComing } from '../../session/first-screen'
import { isWorking, seesTheWorklist, useSession } from '../../session/session-store'

/** Rows a page: the first page paints while the rest follow. */
const PAGE = 500
/** The first page of a list not yet on screen: a tall screen's rows, drawn before the rest are read. */
const FIRST_PAGE = 60
/** Changes arriving together (a run of checks, a person's actions) are fetched once, this long after the first. */
const COALESCE_MS = 25
/**
 * A change naming this many requests is a burst (a page of the feed): the rows are asked for this
 * long after it, so that the pages following close behind go in the same ask (each ask costs main
 * time the feed is waiting for), and are still on screen within 100 ms.
 */
const BURST_IDS = 50
const BURST_COALESCE_MS = 60
/** Rows asked for at once, at most. */
const ASK_LIMIT = 2_000

/** Typing stops this long before the search goes to main. */
const SEARCH_PAUSE_MS = 250

interface WorklistState {
  /** The open work (this list, kept current), or what was completed today, or every request. */
  viewName: 'open' | ClosedWorklistViewName
  /** The rows of a closed view, and whether "all" has another page. */
  closed: WorklistRow[]
  closedMore: boolean
  /** What the search found across every request, open or closed (null while not searching). */
  hits: SearchHit[] | null
  /** The open requests, oldest in their stage first: all of them once `complete`. */
  rows: WorklistRow[]
  groups: WorklistGroup[]
  complete: boolean
  /** The open list's first page, and the chosen closed view, have come: until then there is nothing to say "empty" of. */
  openIn: boolean
  closedIn: boolean
  error: string | null
  stageFilter: Stage | null
  search: string
  /** The selected request (the first row of the list when null or gone). */
  selectedId: string | null
  load(): Promise<void>
  /** Main said these requests changed: their rows are fetched and patched in, not the whole list. */
  changed(ids: readonly string[]): void
  setView(name: 'open' | ClosedWorklistViewName): void
  /** The next page of "all". */
  moreClosed(): Promise<void>
  setStageFilter(stage: Stage | null): void
  setSearch(search: string): void
  select(id: string | null): void
}

const STAGE_ORDER = new Map<Stage, number>(STAGES.map((stage, index) => [stage, index]))

const inListOrder = (a: WorklistRow, b: WorklistRow): number =>
  a.stageSince < b.stageSince ? -1 : a.stageSince > b.stageSince ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

/** `held` and `fresh`, each in list order, as one list in that order: a patch in one pass, not a sort of the whole list. */
function mergeInOrder(held: readonly WorklistRow[], fresh: readonly WorklistRow[]): WorklistRow[] {
  const merged: WorklistRow[] = []
  let h = 0
  for (const row of fresh) {
    while (h < held.length && inListOrder(held[h]!, row) < 0) merged.push(held[h++]!)
    merged.push(row)
  }
  while (h < held.length) merged.push(held[h++]!)
  return merged
}

/** The stages' counts and oldest requests, from the rows held (all of them, once the list is complete). */
function groupsOf(rows: readonly WorklistRow[]): WorklistGroup[] {
  const groups = new Map<Stage, WorklistGroup>()
  for (const row of rows) {
    const group = groups.get(row.stage) ?? {
      stage: row.stage,
      label: STAGE_LABELS[row.stage],
      count: 0,
      oldestSince: null
    }
    group.count += 1
    if (group.oldestSince === null || row.stageSince < group.oldestSince) group.oldestSince = row.stageSince
    groups.set(row.stage, group)
  }
  return [...groups.values()].sort((a, b) => (STAGE_ORDER.get(a.stage) ?? 0) - (STAGE_ORDER.get(b.stage) ?? 0))
}

// Changes waiting to be fetched, and those heard while the list was still loading (fetched after).
const pending = new Set<string>()
let flushTimer: ReturnType<typeof setTimeout> | null = null
/** An ask for changed rows is on its way: changes heard meanwhile wait for its answer, then go in one ask. */
let asking = false
let loading = false
/** A list is shown (loaded since the last sign-in): only then are changes worth fetching. */
let listening = false
/** Bumped by every load and at sign-out: an answer for an older one is dropped. */
let generation = 0
/** The load on its way, which a screen opening meanwhile joins rather than starting another. */
let inFlight: Promise<void> | null = null
let searchTimer: ReturnType<typeof setTimeout> | undefined

export const useWorklist = create<WorklistState>((set, get) => {
  async function flush(): Promise<void> {
    flushTimer = null
    if (loading || asking || pending.size === 0) return
    const ids = [...pending].slice(0, ASK_LIMIT)
    for (const id of ids) pending.delete(id)
    const asked = generation
    asking = true
    const answer = await call('worklist.rows', { ids }).finally(() => {
      if (asked === generation) asking = false
    })
    if (asked !== generation) return
    if (pending.size > 0) schedule(pending.size >= BURST_IDS)
    if (!answer.ok) return set({ error: answer.error.message })
    const gone = new Set(ids)
    const rows = mergeInOrder(
      get().rows.filter((row) => !gone.has(row.id)),
      [...answer.value].sort(inListOrder)
    )
    set({ rows, groups: groupsOf(rows), error: null })
    // The hand-over notes name requests: read again once a run of changes is in, not for each one.
    if (pending.size === 0) void queryClient.invalidateQueries({ queryKey: ['notes.handover'] })
  }
  function schedule(burst = false): void {
    flushTimer ??= setTimeout(() => void flush(), burst ? BURST_COALESCE_MS : COALESCE_MS)
  }
  async function loadPages(): Promise<void> {
    const asked = ++generation
    loading = true
    listening = true
    // A list already on screen stays whole until the new one is: shown page by page it would
    // shrink to the first page, and End or a search would act on part of the work.
    const shownAlready = get().rows.length > 0
    const drawn = shownAlready ? null : firstScreenComing()
    try {
      let after: { stageSince: string; id: string } | null = null
      let rows: WorklistRow[] = []
      for (;;) {
        // The first page is what a screen shows, so that it is drawn at once; the rest follow in larger pages.
        const limit: number = after === null && !shownAlready ? FIRST_PAGE : PAGE
        const answer: CallResponse<WorklistView> = await call('worklist.get', { after, limit })
        if (asked !== generation) return
        if (!answer.ok) return set({ error: answer.error.message })
        rows = after === null ? answer.value.rows : rows.concat(answer.value.rows)
        const complete = answer.value.next === null
        // Until every page is in, the counts are main's; after, they follow the rows as they are patched.
        if (complete || !shownAlready)
          set({ rows, groups: complete ? groupsOf(rows) : answer.value.groups, complete, openIn: true, error: null })
        drawn?.()
        if (complete) return
        after = answer.value.next
      }
    } finally {
      drawn?.()
      if (asked === generation) {
        loading = false
        if (pending.size > 0) schedule()
      }
    }
  }

  return {
    viewName: 'open',
    closed: [],
    closedMore: false,
    hits: null,
    rows: [],
    groups: [],
    complete: false,
    openIn: false,
    closedIn: false,
    error: null,
    stageFilter: null,
    search: '',
    selectedId: null,
    load() {
      // A load on its way (asked the moment the person signed in) is the one the screen waits for:
      // changes heard meanwhile are fetched once it is done, so it is as current as a new one.
      if (inFlight) return inFlight
      const thisLoad = loadPages().finally(() => {
        if (inFlight === thisLoad) inFlight = null
      })
      inFlight = thisLoad
      return thisLoad
    },
    changed(ids) {
      if (!listening) return
      for (const id of ids) pending.add(id)
      schedule(ids.length >= BURST_IDS)
    },
    setView(viewName) {
      set({ viewName, stageFilter: null, selectedId: null, closed: [], closedMore: false, closedIn: false })
      if (viewName === 'open') return
      void call('worklist.closed', { view: viewName }).then((answer) => {
        if (get().viewName !== viewName) return
        if (answer.ok) set({ closed: answer.value.rows, closedMore: answer.value.more, closedIn: true, error: null })
        else set({ error: answer.error.message })
      })
    },
    async moreClosed() {
      const { viewName, closed, closedMore } = get()
      const last = closed.at(-1)
      if (viewName === 'open' || !closedMore || !last) return
      const answer = await call('worklist.closed', {
        view: viewName,
        after: { receivedAt: last.receivedAt, id: last.id }
      })
      if (!answer.ok) return set({ error: answer.error.message })
      if (get().viewName === viewName) set({ closed: [...closed, ...answer.value.rows], closedMore: answer.value.more })
    },
    setStageFilter: (stageFilter) => set({ stageFilter, selectedId: null }),
    setSearch(search) {
      set({ search, selectedId: null })
      clearTimeout(searchTimer)
      if (search.trim().length < 2) return set({ hits: null })
      // Every request, open or closed, by name, date of birth, postcode, reference or tracking number.
      searchTimer = setTimeout(() => {
        void call('patients.search', { text: search }).then((answer) => {
          if (get().search !== search) return
          if (answer.ok) set({ hits: answer.value, error: null })
          else set({ error: answer.error.message })
        })
      }, SEARCH_PAUSE_MS)
    },
    select: (selectedId) => set({ selectedId })
  }
})

// Another person's search and stage filter would hide requests from the next one.
forgetAtSignOut(() => {
  clearTimeout(searchTimer)
  generation += 1
  inFlight = null
  loading = false
  listening = false
  asking = false
  pending.clear()
  useWorklist.setState(useWorklist.getInitialState(), true)
})

// The first page is asked for the moment a person signs in (or unlocks) to the worklist, while the
// screen around it is still being drawn, rather than once the list's screen has mounted and after
// the header's own calls: the list is what the person came for.
useSession.subscribe(({ session, screen }, previous) => {
  const signedInNow =
    isWorking(session) && !(isWorking(previous.session) && previous.session.user.id === session.user.id)
  if (signedInNow && screen.name === 'worklist' && seesTheWorklist(session.user.roles))
    void useWorklist.getState().load()
})
