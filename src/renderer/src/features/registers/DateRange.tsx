import { DateField } from '../../ui/DateField'
import { useRegisters } from './registers-store'

/** From/to dates shared by the register tabs. */
export function DateRange({ optional = false }: { optional?: boolean }): React.JSX.Element {
  const { from, to, setRange } = useRegisters()
  return (
    <span className="date-range">
      <DateField label="From" value={from} required={!optional} onChange={(iso) => setRange({ from: iso })} />
      <DateField label="To" value={to} required={!optional} onChange={(iso) => setRange({ to: iso })} />
    </span>
  )
}
