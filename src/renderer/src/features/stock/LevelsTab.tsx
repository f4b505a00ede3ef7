import { listCommands } from '../../keymap/list-keys'
import { useScope } from '../../keymap/keymap'
import { useEffect, useRef } from 'react'
import type { StockLevelRow } from '@shared/contract'
import { useStock, type LevelsFilter } from './stock-store'
import { formatQuantity } from '@shared/stock/units'
import { formatDate } from '@shared/time/london'
import { ErrorLine } from '../../ui/FormParts'

const FILTERS: Array<{ filter: LevelsFilter; label: string; key: string }> = [
  { filter: 'all', label: 'All packs', key: 'a' },
  { filter: 'in_stock', label: 'In stock', key: 'i' },
  { filter: 'low', label: 'Below reorder level', key: 'l' }
]

/**
 * Stock levels per pack, summed from the ledger. Keys: / search (name, dm+d code, PIP or GTIN),
 * A/I/L filter, ↑/↓ move, Enter opens the pack, PageDown loads more.
 */
export function LevelsTab(): React.JSX.Element {
  const { search, filter, levels, selected, error, setSearch, setFilter, select, loadLevels, openPack } = useStock()
  const field = useRef<HTMLInputElement>(null)
  const body = useRef<HTMLTableSectionElement>(null)
  const rows = levels?.rows ?? []

  useEffect(() => void loadLevels(), [loadLevels])
  useScope('stockLevels', {
    keys: {
      ...listCommands(rows.length, selected, select, (index) => openPack(rows[index]!.amppId)),
      more: () => (levels?.more ? void loadLevels(true) : false),
      search: () => field.current?.focus(),
      'filter.all': () => setFilter('all'),
      'filter.inStock': () => setFilter('in_stock'),
      'filter.low': () => setFilter('low')
    }
  })
  useEffect(() => {
    body.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' })
  }, [selected])

  return (
    <div className="stock-levels">
      <div className="stock-toolbar">
        <input
          ref={field}
          className="search"
          autoFocus
          placeholder="Search name, dm+d code, PIP or GTIN  ( / )"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          aria-label="Search stock"
        />
        {FILTERS.map((f) => (
          <button key={f.filter} className={filter === f.filter ? 'active' : ''} onClick={() => setFilter(f.filter)}>
            <kbd>{f.key.toUpperCase()}</kbd> {f.label}
          </button>
        ))}
      </div>
      <ErrorLine>{error}</ErrorLine>
      <LevelsTable rows={rows} selected={selected} bodyRef={body} onSelect={select} onOpen={openPack} />
      {levels && rows.length === 0 && <p className="empty">No packs match.</p>}
      {levels?.more && (
        <button onClick={() => void loadLevels(true)}>
          More <kbd>PgDn</kbd>
        </button>
      )}
    </div>
  )
}

export function LevelsTable({
  rows,
  selected,
  bodyRef,
  onSelect,
  onOpen
}: {
  rows: StockLevelRow[]
  selected: number
  bodyRef?: React.RefObject<HTMLTableSectionElement | null>
  onSelect: (index: number) => void
  onOpen: (amppId: string) => void
}): React.JSX.Element {
  return (
    <table className="stock-table">
      <thead>
        <tr>
          <th>Pack</th>
          <th>PIP</th>
          <th className="num">On hand</th>
          <th className="num">Reserved</th>
          <th className="num">Available</th>
          <th className="num">Reorder at</th>
          <th>Next expiry</th>
        </tr>
      </thead>
      <tbody ref={bodyRef}>
        {rows.map((row, index) => (
          <tr
            key={row.amppId}
            aria-selected={index === selected}
            className={`${index === selected ? 'selected' : ''} ${row.low ? 'low' : ''}`}
            onClick={() => onSelect(index)}
            onDoubleClick={() => onOpen(row.amppId)}
            data-ampp-id={row.amppId}
          >
            <td>
              {row.packName}
              {row.cdSchedule !== null && <span className="flag cd">CD{row.cdSchedule}</span>}
              {row.low && <span className="flag low-flag">Low</span>}
            </td>
            <td className="mono">{row.pipCode ?? '—'}</td>
            <td className="num">{formatQuantity(row.onHand, row.unit)}</td>
            <td className="num">{row.reserved > 0 ? formatQuantity(row.reserved, row.unit) : '—'}</td>
            <td className="num strong">{formatQuantity(row.available, row.unit)}</td>
            <td className="num">{row.reorderLevel > 0 ? formatQuantity(row.reorderLevel, row.unit) : '—'}</td>
            <td className="date">{row.nextExpiry ? formatDate(row.nextExpiry) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
