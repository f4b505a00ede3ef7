import { useVirtualizer } from '@tanstack/react-virtual'
import { listCommands } from '../../keymap/list-keys'
import { claimWords } from '../premises/claim-words'
import { useScope } from '../../keymap/keymap'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { SearchHit } from '@shared/contract'
import { formatDate, formatDateTime } from '@shared/time/london'
import { call } from '../../api/client'
import { useSession } from '../../session/session-store'
import { useFirstScreen } from '../../session/first-screen'
import { age } from '../../ui/format'
import { routeName, serviceName, stageName } from '../../ui/words'
import { HandoverNotes } from './HandoverNotes'
import { useWorklist } from './worklist-store'
import { ErrorLine } from '../../ui/FormParts'

const VIEWS = [
  { name: 'open', key: 'O', label: 'Open work' },
  { name: 'completed_today', key: 'T', label: 'Completed today' },
  { name: 'all', key: 'A', label: 'All' }
] as const

/** Every row is one line high (CSS `.worklist-table tbody tr`), so the list can be laid out without measuring it. */
const ROW_HEIGHT = 34
/** Rows drawn beyond the visible ones, so that a key held down never shows a blank row. */
const OVERSCAN = 15

/**
 * Requests by stage: the open work, what was completed today, or all of them (O, T, A). Keys: ↑/↓
 * move, PgUp/PgDn a page, Home/End the ends, Enter opens, M the patient's record, 1–9 pick a stage,
 * 0 all stages, / search every request, open or closed, by name, date of birth, postcode, reference
 * or tracking number. Only the rows in view are drawn (thousands may be open).
 */
export function Worklist(): React.JSX.Element {
  const {
    rows: open_,
    groups,
    viewName,
    closed,
    closedMore,
    hits,
    setView,
    moreClosed,
    error,
    openIn,
    closedIn,
    stageFilter,
    search,
    selectedId,
    load,
    setStageFilter,
    setSearch,
    select
  } = useWorklist()
  const open = useSession((state) => state.open)
  const searchField = useRef<HTMLInputElement>(null)
  const scroller = useRef<HTMLDivElement>(null)
  const header = useRef<HTMLTableSectionElement>(null)
  // The column headings stick to the top of the box, over the rows scrolled under them.
  const [headerHeight, setHeaderHeight] = useState(0)
  useLayoutEffect(() => {
    const height = header.current?.offsetHeight
    if (height !== undefined && height !== headerHeight) setHeaderHeight(height)
  })

  useEffect(() => void load(), [load])

  // Until main's search answers, what is loaded is filtered here, so Enter opens a match at once.
  const all = viewName === 'open' ? open_ : closed
  const filtered = useMemo(() => {
    const needle = search.trim().toLowerCase()
    if (!stageFilter && !needle) return all
    return all.filter(
      (row) =>
        (!stageFilter || row.stage === stageFilter) &&
        (!needle || row.patientName.toLowerCase().includes(needle) || row.id.toLowerCase().includes(needle))
    )
  }, [all, stageFilter, search])
  // While searching, the list is what the search found across every request.
  const rows: ReadonlyArray<{ id: string }> = hits ? hits.map((hit) => ({ id: hit.requestId })) : filtered
  // "No requests here" only once the list has come: said before that, it would be untrue.
  const listIn = hits !== null || (viewName === 'open' ? openIn : closedIn)
  const found = selectedId === null ? -1 : rows.findIndex((row) => row.id === selectedId)
  const selected = found === -1 ? 0 : found
  const selectIndex = (index: number): void => select(rows[index]?.id ?? null)

  const virtualizer = useVirtualizer({
    count: filtered.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    // The rows start below the headings (in the same box), so that which rows are in view is told right.
    paddingStart: headerHeight,
    // The first screen after sign-in draws the rows in view only (each new row's text is laid out
    // afresh, a good part of that frame); the rows beyond follow in the next one.
    overscan: useFirstScreen((state) => state.drawn) ? OVERSCAN : 0
  })
  const pageRows = Math.max(
    1,
    Math.floor(((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) - headerHeight) / ROW_HEIGHT) - 1
  )

  useScope('worklist', {
    keys: {
      ...listCommands(rows.length, selected, selectIndex, (index) => open({ name: 'request', id: rows[index]!.id })),
      'list.pageDown': () => selectIndex(Math.min(selected + pageRows, rows.length - 1)),
      'list.pageUp': () => selectIndex(Math.max(selected - pageRows, 0)),
      'list.first': () => selectIndex(0),
      'list.last': () => selectIndex(rows.length - 1),
      search: () => searchField.current?.focus(),
      'view.open': () => setView('open'),
      'view.completedToday': () => setView('completed_today'),
      'view.all': () => setView('all'),
      patient: () => {
        const id = rows[selected]?.id
        if (!id) return false
        const hit = hits?.find((candidate) => candidate.requestId === id)
        if (hit) return open({ name: 'patient', patientId: hit.patientId })
        void call('requests.get', { id }).then((answer) => {
          if (answer.ok) open({ name: 'patient', patientId: answer.value.snapshot.patient.id })
        })
      },
      'stage.all': () => setStageFilter(null),
      'stage.pick': (key) => {
        const group = groups[Number(key) - 1]
        if (!group) return false
        setStageFilter(group.stage)
      }
    }
  })

  // The selected row is kept in view, below the headings, judged by where the box is now. Not
  // `virtualizer.scrollToIndex`: it judges by the position the box's last scroll event reported, a
  // frame behind a run of keys faster than frames, and then scrolls a row already in view to the edge.
  useLayoutEffect(() => {
    const box = scroller.current
    if (hits || !box || filtered.length === 0) return
    const top = headerHeight + selected * ROW_HEIGHT
    if (top - headerHeight < box.scrollTop) box.scrollTop = top - headerHeight
    else if (top + ROW_HEIGHT > box.scrollTop + box.clientHeight) box.scrollTop = top + ROW_HEIGHT - box.clientHeight
  }, [selected, filtered.length, hits, headerHeight])

  const items = virtualizer.getVirtualItems()
  const before = (items[0]?.start ?? headerHeight) - headerHeight
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0)
  return (
    <main className="worklist">
      <nav className="stage-groups" aria-label="Stages">
        <button className={stageFilter === null ? 'active' : ''} onClick={() => setStageFilter(null)}>
          <kbd>0</kbd> All <span className="count">{groups.reduce((sum, group) => sum + group.count, 0)}</span>
        </button>
        {groups.map((group, index) => (
          <button
            key={group.stage}
            className={stageFilter === group.stage ? 'active' : ''}
            onClick={() => setStageFilter(group.stage)}
            data-stage={group.stage}
            title={group.oldestSince ? `oldest ${age(group.oldestSince)}` : undefined}
          >
            {index < 9 && <kbd>{index + 1}</kbd>} {group.label} <span className="count">{group.count}</span>
            {group.oldestSince && <span className="age">{age(group.oldestSince)}</span>}
          </button>
        ))}
      </nav>
      <section className="worklist-table">
        <nav className="worklist-views" aria-label="Which requests">
          {VIEWS.map((option) => (
            <button
              key={option.name}
              className={viewName === option.name ? 'active' : ''}
              aria-pressed={viewName === option.name}
              onClick={() => setView(option.name)}
            >
              <kbd>{option.key}</kbd> {option.label}
            </button>
          ))}
        </nav>
        <HandoverNotes />
        <input
          ref={searchField}
          className="search"
          placeholder="Search every request: name, date of birth (DD/MM/YYYY), postcode, reference or tracking number  ( / )"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          aria-label="Search requests"
        />
        <ErrorLine>{error}</ErrorLine>
        {hits && <SearchHits hits={hits} selected={selected} select={select} />}
        <div ref={scroller} className="worklist-scroll" hidden={hits !== null}>
          <table aria-rowcount={filtered.length + 1}>
            <thead ref={header}>
              <tr>
                <th>Reference</th>
                <th>Patient</th>
                <th>Stage</th>
                <th>Route</th>
                <th>Items</th>
                <th>Flags</th>
                <th>Delivery</th>
                <th>In stage</th>
              </tr>
            </thead>
            <tbody>
              {before > 0 && <tr aria-hidden="true" style={{ height: before }} />}
              {items.map((item) => {
                const row = filtered[item.index]!
                return (
                  <tr
                    key={row.id}
                    aria-rowindex={item.index + 2}
                    aria-selected={item.index === selected}
                    className={item.index === selected ? 'selected' : ''}
                    onClick={() => select(row.id)}
                    onDoubleClick={() => open({ name: 'request', id: row.id })}
                    data-request-id={row.id}
                  >
                    <td className="mono">{row.id}</td>
                    <td>{row.patientName}</td>
                    <td>
                      {stageName(row.stage)}
                      {row.claim && <div className="claim-line">{claimWords(row.claim, Date.now())}</div>}
                    </td>
                    <td>{routeName(row.route)}</td>
                    <td>{row.itemCount}</td>
                    <td>
                      {row.hasControlledDrug && (
                        <span className="flag cd" title="Controlled drug">
                          CD
                        </span>
                      )}
                      {row.hardCopyRequired && (
                        <span className="flag hard-copy" title="Original prescription required">
                          Hard copy
                        </span>
                      )}
                      {row.notes.map((note) => (
                        <span key={note} className="flag warning">
                          {note}
                        </span>
                      ))}
                    </td>
                    <td>{serviceName(row.deliveryService)}</td>
                    <td>{age(row.stageSince)}</td>
                  </tr>
                )
              })}
              {after > 0 && <tr aria-hidden="true" style={{ height: after }} />}
            </tbody>
          </table>
        </div>
        {rows.length === 0 && !error && listIn && (
          <p className="empty">{hits ? 'Nothing found.' : 'No requests here.'}</p>
        )}
        {rows.length === 0 && !error && !listIn && (
          <p className="empty" role="status">
            Reading the requests…
          </p>
        )}
        {!hits && viewName === 'all' && closedMore && <button onClick={() => void moreClosed()}>Show more</button>}
      </section>
    </main>
  )
}

/** What the search found across every request, open or closed (the list's keys work on it). */
function SearchHits({
  hits,
  selected,
  select
}: {
  hits: readonly SearchHit[]
  selected: number
  select: (id: string) => void
}): React.JSX.Element {
  const open = useSession((state) => state.open)
  return (
    <table aria-label="Search results">
      <thead>
        <tr>
          <th>Reference</th>
          <th>Patient</th>
          <th>Born</th>
          <th>Postcode</th>
          <th>Stage</th>
          <th>Received</th>
          <th>Found by</th>
        </tr>
      </thead>
      <tbody>
        {hits.map((hit, index) => (
          <tr
            key={hit.requestId}
            aria-selected={index === selected}
            className={index === selected ? 'selected' : ''}
            onClick={() => select(hit.requestId)}
            onDoubleClick={() => open({ name: 'request', id: hit.requestId })}
            data-request-id={hit.requestId}
          >
            <td className="mono">{hit.requestId}</td>
            <td>{hit.patientName}</td>
            <td>{formatDate(hit.dateOfBirth)}</td>
            <td>{hit.postcode}</td>
            <td>{stageName(hit.stage)}</td>
            <td>{formatDateTime(hit.receivedAt)}</td>
            <td>{hit.matched}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
