import { listCommands } from '../../keymap/list-keys'
import { useScope } from '../../keymap/keymap'
import { useEffect, useMemo, useRef } from 'react'
import type { WorklistViewName } from '../../../../shared/contract'
import { formatDate, formatDateTime } from '../../../../shared/time/london'
import { useSession } from '../../session/session-store'
import { age } from '../../ui/format'
import { routeName, serviceName, stageName } from '../../ui/words'
import { HandoverNotes } from './HandoverNotes'
import { useWorklist } from './worklist-store'

const VIEWS: Array<{ name: WorklistViewName; key: string; label: string }> = [
  { name: 'open', key: 'O', label: 'Open work' },
  { name: 'completed_today', key: 'T', label: 'Completed today' },
  { name: 'all', key: 'A', label: 'All' }
]

/**
 * Requests by stage: the open work, what was completed today, or all of them. Keys: ↑/↓ move,
 * Enter opens, M the patient's record, 1–9 pick a stage, 0 all stages, O/T/A the view, / search
 * every request (open or closed) by name, date of birth, postcode, reference or tracking number.
 */
export function Worklist(): React.JSX.Element {
  const {
    view,
    viewName,
    error,
    stageFilter,
    search,
    hits,
    selected,
    load,
    more,
    setView,
    setStageFilter,
    setSearch,
    select
  } = useWorklist()
  const open = useSession((state) => state.open)
  const searchField = useRef<HTMLInputElement>(null)
  const list = useRef<HTMLTableSectionElement>(null)

  useEffect(() => void load(), [load])

  // Until main's search answers, what is loaded is filtered here, so Enter opens a match at once.
  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase()
    return (view?.rows ?? []).filter(
      (row) =>
        (!stageFilter || row.stage === stageFilter) &&
        (!needle || row.patientName.toLowerCase().includes(needle) || row.id.toLowerCase().includes(needle))
    )
  }, [view, stageFilter, search])
  // While searching, the list is what the search found; else the view's rows of the chosen stage.
  const shown = hits ? hits.map((hit) => ({ id: hit.requestId, patientId: hit.patientId })) : rows
  const openRow = (index: number): void => open({ name: 'request', id: shown[index]!.id })

  useScope('worklist', {
    keys: {
      ...listCommands(shown.length, selected, select, openRow),
      search: () => searchField.current?.focus(),
      'view.open': () => setView('open'),
      'view.completedToday': () => setView('completed_today'),
      'view.all': () => setView('all'),
      patient: () => {
        const row = shown[selected]
        if (!row) return false
        open({ name: 'patient', patientId: row.patientId })
      },
      'stage.all': () => setStageFilter(null),
      'stage.pick': (key) => {
        const group = view?.groups[Number(key) - 1]
        if (!group) return false
        setStageFilter(group.stage)
      }
    }
  })

  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' })
  }, [selected])

  return (
    <main className="worklist">
      <nav className="stage-groups" aria-label="Stages">
        <div className="worklist-views" role="group" aria-label="Which requests">
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
        </div>
        <button className={stageFilter === null ? 'active' : ''} onClick={() => setStageFilter(null)}>
          <kbd>0</kbd> All stages <span className="count">{view?.rows.length ?? 0}</span>
        </button>
        {view?.groups.map((group, index) => (
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
        <HandoverNotes />
        <input
          ref={searchField}
          className="search"
          placeholder="Search every request: name, date of birth (DD/MM/YYYY), postcode, reference or tracking number  ( / )"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          aria-label="Search requests"
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {hits ? (
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
            <tbody ref={list}>
              {hits.map((hit, index) => (
                <tr
                  key={hit.requestId}
                  aria-selected={index === selected}
                  className={index === selected ? 'selected' : ''}
                  onClick={() => select(index)}
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
        ) : (
          <table>
            <thead>
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
            <tbody ref={list}>
              {rows.map((row, index) => (
                <tr
                  key={row.id}
                  aria-selected={index === selected}
                  className={index === selected ? 'selected' : ''}
                  onClick={() => select(index)}
                  onDoubleClick={() => open({ name: 'request', id: row.id })}
                  data-request-id={row.id}
                >
                  <td className="mono">{row.id}</td>
                  <td>{row.patientName}</td>
                  <td>{stageName(row.stage)}</td>
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
                    {view?.notes[row.id]?.map((note) => (
                      <span key={note} className="flag warning">
                        {note}
                      </span>
                    ))}
                  </td>
                  <td>{serviceName(row.deliveryService)}</td>
                  <td>{age(row.stageSince)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {hits && hits.length === 0 && <p className="empty">Nothing found.</p>}
        {!hits && view && rows.length === 0 && <p className="empty">No requests here.</p>}
        {!hits && view?.more && <button onClick={() => void more()}>Show more</button>}
      </section>
    </main>
  )
}
