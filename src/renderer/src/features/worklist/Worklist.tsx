import { listCommands } from '../../keymap/list-keys'
import { useScope } from '../../keymap/keymap'
import { useEffect, useMemo, useRef } from 'react'
import { useSession } from '../../session/session-store'
import { age } from '../../ui/format'
import { routeName, serviceName, stageName } from '../../ui/words'
import { useWorklist } from './worklist-store'

/**
 * Requests by stage. Keys: ↑/↓ move, Enter opens, 1–9 pick a stage, 0 all stages, / search.
 */
export function Worklist(): React.JSX.Element {
  const { view, error, stageFilter, search, selected, load, setStageFilter, setSearch, select } = useWorklist()
  const open = useSession((state) => state.open)
  const searchField = useRef<HTMLInputElement>(null)
  const list = useRef<HTMLTableSectionElement>(null)

  useEffect(() => void load(), [load])

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase()
    return (view?.rows ?? []).filter(
      (row) =>
        (!stageFilter || row.stage === stageFilter) &&
        (!needle || row.patientName.toLowerCase().includes(needle) || row.id.toLowerCase().includes(needle))
    )
  }, [view, stageFilter, search])

  useScope('worklist', {
    keys: {
      ...listCommands(rows.length, selected, select, (index) => open({ name: 'request', id: rows[index]!.id })),
      search: () => searchField.current?.focus(),
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
        <button className={stageFilter === null ? 'active' : ''} onClick={() => setStageFilter(null)}>
          <kbd>0</kbd> All <span className="count">{view?.rows.length ?? 0}</span>
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
        <input
          ref={searchField}
          className="search"
          placeholder="Search patient or reference  ( / )"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          aria-label="Search requests"
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
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
        {view && rows.length === 0 && <p className="empty">No requests here.</p>}
      </section>
    </main>
  )
}
