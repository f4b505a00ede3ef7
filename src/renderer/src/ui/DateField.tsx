import { parseDate, parseDateTime } from '@internationalized/date'
import { DateField as AriaDateField, DateInput, DateSegment, Label } from 'react-aria-components'

/**
 * A day (or a day and a time) typed the British way, DD/MM/YYYY (HH:MM): react-aria-components'
 * date field in the app's en-GB locale (main.tsx), never the browser's own picker, whose order
 * follows the computer's language. The value is ISO: "2026-11-26", or "2026-11-26T17:05" with
 * `withTime`; "" when empty.
 */
export function DateField({
  label,
  value,
  onChange,
  required = false,
  withTime = false
}: {
  label: string
  value: string
  onChange: (iso: string) => void
  required?: boolean
  withTime?: boolean
}): React.JSX.Element {
  const parsed = value === '' ? null : withTime ? parseDateTime(value) : parseDate(value)
  return (
    <AriaDateField
      className="date-field"
      value={parsed}
      granularity={withTime ? 'minute' : 'day'}
      isRequired={required}
      onChange={(date) => onChange(date ? date.toString().slice(0, withTime ? 16 : 10) : '')}
    >
      <Label>{label}</Label>
      <DateInput className="date-input">
        {(segment) => <DateSegment segment={segment} className="date-segment" />}
      </DateInput>
    </AriaDateField>
  )
}
