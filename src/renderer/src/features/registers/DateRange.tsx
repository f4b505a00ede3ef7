import { useRegisters } from './registers-store'

/** From/to dates shared by the register tabs. */
export function DateRange({ optional = false }: { optional?: boolean }): React.JSX.Element {
  const { from, to, setRange } = useRegisters()
  return (
    <span className="date-range">
      <label>
        From{' '}
        <input
          type="date"
          value={from}
          required={!optional}
          onChange={(event) => setRange({ from: event.target.value })}
        />
      </label>
      <label>
        To{' '}
        <input type="date" value={to} required={!optional} onChange={(event) => setRange({ to: event.target.value })} />
      </label>
    </span>
  )
}
