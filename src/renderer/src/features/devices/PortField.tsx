import type { PortView } from './devices-store'

function portText(port: PortView): string {
  return `${port.path} — ${port.present ? 'present' : 'absent'}${port.description ? `, ${port.description}` : ''}`
}

/**
 * A serial port path: typed (pseudo-terminals and some adapters are not listed), or picked from
 * the ports this computer reports, each marked present or absent.
 */
export function PortField({
  label,
  value,
  ports,
  onChange
}: {
  label: string
  value: string
  ports: PortView[] | null
  onChange: (path: string) => void
}): React.JSX.Element {
  const listed = ports?.some((port) => port.path === value) ?? false
  return (
    <div className="port-field">
      <label>
        {label}
        <input
          className="mono"
          value={value}
          maxLength={200}
          required
          spellCheck={false}
          autoComplete="off"
          placeholder="/dev/ttyUSB0 or COM3"
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      {ports && (
        <label>
          Ports found
          <select
            value={listed ? value : ''}
            onChange={(e) => {
              if (e.target.value) onChange(e.target.value)
            }}
          >
            <option value="">{ports.length === 0 ? 'None found: type the path' : 'Typed by hand'}</option>
            {ports.map((port) => (
              <option key={port.path} value={port.path}>
                {portText(port)}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  )
}
