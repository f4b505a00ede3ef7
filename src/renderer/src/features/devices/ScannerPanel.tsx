import { useEffect, useState, type FormEvent } from 'react'
import type { DevicesView, ScannerStateView } from '@shared/contract/device-views'
import { SCANNER_SUFFIXES } from '@shared/devices/settings'
import { useDevices } from './devices-store'
import { PortField } from './PortField'
import {
  BAUD_RATES,
  newScanner,
  scannerDrafts,
  SUFFIX_LABELS,
  withScanners,
  type ScannerDraft,
  type ScannerSuffix
} from './settings-draft'

const BAUD_RATE_LIST = 'baud-rates'

const STATE_WORDS: Record<ScannerStateView, string> = {
  connected: 'Connected',
  connecting: 'Connecting…',
  disconnected: 'Disconnected',
  error: 'Error',
  stopped: 'Stopped'
}

function scannerStateText(state: ScannerStateView, detail: string | null): string {
  return detail ? `${STATE_WORDS[state]}: ${detail}` : STATE_WORDS[state]
}

/** Serial scanners: each one's live state; for an administrator, the editor. */
export function ScannerPanel({ view, admin }: { view: DevicesView; admin: boolean }): React.JSX.Element {
  return (
    <section className="devices-panel" aria-labelledby="scanners-title">
      <h2 id="scanners-title">Serial scanners</h2>
      {view.scanners.length === 0 ? (
        <p className="empty">
          No serial scanner is set up. Keyboard scanners need no setting here: pair them on the Scanner screen (F7).
        </p>
      ) : (
        <table aria-label="Serial scanner states">
          <thead>
            <tr>
              <th>Scanner</th>
              <th>Port</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {view.scanners.map((scanner) => (
              <tr key={scanner.id} data-scanner-id={scanner.id}>
                <td>{scanner.label}</td>
                <td className="mono">{scanner.path}</td>
                <td className={`device-state state-${scanner.state}`}>
                  {scannerStateText(scanner.state, scanner.detail)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {admin && <ScannerEditor view={view} />}
    </section>
  )
}

function ScannerEditor({ view }: { view: DevicesView }): React.JSX.Element {
  const { ports, save } = useDevices()
  const [drafts, setDrafts] = useState<ScannerDraft[]>(() => scannerDrafts(view.settings))
  const [dirty, setDirty] = useState(false)
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null)

  // Settings changed elsewhere show here unless this person is editing.
  useEffect(() => {
    if (!dirty) setDrafts(scannerDrafts(view.settings))
  }, [view.settings, dirty])

  const change = (index: number, patch: Partial<ScannerDraft>): void => {
    setDirty(true)
    setDrafts((current) => current.map((draft, i) => (i === index ? { ...draft, ...patch } : draft)))
  }
  const add = (): void => {
    setDirty(true)
    setDrafts((current) => [...current, newScanner(current)])
  }
  const remove = (index: number): void => {
    setDirty(true)
    setDrafts((current) => current.filter((_, i) => i !== index))
  }
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const checked = withScanners(view.settings, drafts)
    if (!checked.ok) return setMessage({ text: checked.message, bad: true })
    const error = await save(checked.settings)
    if (error) return setMessage({ text: error, bad: true })
    setDirty(false)
    setMessage({
      text: `Saved: ${drafts.length === 0 ? 'no serial scanner' : `${drafts.length} serial scanner${drafts.length === 1 ? '' : 's'}`}.`,
      bad: false
    })
  }
  function cancel(): void {
    setDirty(false)
    setDrafts(scannerDrafts(view.settings))
    setMessage(null)
  }

  return (
    <form className="devices-form" aria-label="Serial scanner settings" onSubmit={(event) => void submit(event)}>
      {drafts.map((draft, index) => (
        <fieldset key={draft.id} className="scanner-draft">
          <legend>Scanner {index + 1}</legend>
          <label>
            Name
            <input
              value={draft.label}
              maxLength={80}
              required
              onChange={(e) => change(index, { label: e.target.value })}
            />
          </label>
          <PortField label="Port" value={draft.path} ports={ports} onChange={(path) => change(index, { path })} />
          <label>
            Baud rate
            <BaudRate value={draft.baudRate} onChange={(baudRate) => change(index, { baudRate })} />
          </label>
          <label>
            Suffix (what ends a scan)
            <select value={draft.suffix} onChange={(e) => change(index, { suffix: e.target.value as ScannerSuffix })}>
              {SCANNER_SUFFIXES.map((suffix) => (
                <option key={suffix} value={suffix}>
                  {SUFFIX_LABELS[suffix]}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => remove(index)}>
            Remove scanner {index + 1}
          </button>
        </fieldset>
      ))}
      <div className="actions">
        <button type="button" onClick={add} disabled={drafts.length >= 8}>
          Add a serial scanner
        </button>
        <button type="submit">Save scanners</button>
        {dirty && (
          <button type="button" onClick={cancel}>
            Undo changes
          </button>
        )}
      </div>
      {message && (
        <p role={message.bad ? 'alert' : 'status'} className={message.bad ? 'error' : undefined}>
          {message.text}
        </p>
      )}
    </form>
  )
}

/** Baud rate: the usual rates offered, any other typed. */
export function BaudRate({ value, onChange }: { value: string; onChange: (value: string) => void }): React.JSX.Element {
  return (
    <input
      type="number"
      inputMode="numeric"
      min={1200}
      max={921_600}
      list={BAUD_RATE_LIST}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      required
    />
  )
}

/** The usual baud rates, rendered once on the screen for every baud-rate field. */
export function BaudRateList(): React.JSX.Element {
  return (
    <datalist id={BAUD_RATE_LIST}>
      {BAUD_RATES.map((rate) => (
        <option key={rate} value={rate} />
      ))}
    </datalist>
  )
}
