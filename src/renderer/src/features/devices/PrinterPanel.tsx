import { useEffect, useState, type FormEvent } from 'react'
import type { DevicesView, PrinterStatusView } from '@shared/contract/device-views'
import {
  LABEL_STOCK_SIZES,
  LEGIBLE_MINIMUM_FLOOR_PT,
  type DeviceSettings,
  type LabelPrinterSettings
} from '@shared/devices/settings'
import { useCallQuery } from '../../api/queries'
import { LabelImage } from '../labels/LabelImage'
import { useDevices } from './devices-store'
import { PortField } from './PortField'
import { BaudRate } from './ScannerPanel'
import {
  PRINTER_KINDS,
  labelStockOf,
  printerDraft,
  withPrinter,
  type PrinterDraft,
  type PrinterKind
} from './settings-draft'
import { formatDateTime } from '@shared/time/london'

function reachableText(status: PrinterStatusView): string {
  if (!status.configured) return '—'
  if (status.reachable === null) return 'Not checked yet'
  return status.reachable ? 'Yes' : 'No'
}

function printerText(printer: LabelPrinterSettings | null): string {
  if (!printer) return 'None set up'
  switch (printer.kind) {
    case 'tcp':
      return `Network printer ${printer.host}:${printer.port}`
    case 'serial':
      return `Serial printer on ${printer.path} at ${printer.baudRate} baud${printer.rtscts ? ', RTS/CTS' : ''}`
    case 'os':
      return `System printer "${printer.deviceName}"`
  }
}

/** The label printer: its status, the test label, and for an administrator its settings. */
export function PrinterPanel({
  view,
  admin,
  mayTest,
  onTest
}: {
  view: DevicesView
  admin: boolean
  mayTest: boolean
  onTest: () => void
}): React.JSX.Element {
  const { printer, settings } = view
  return (
    <section className="devices-panel" aria-labelledby="printer-title">
      <h2 id="printer-title">Label printer</h2>
      <dl aria-label="Printer status">
        <dt>Printer</dt>
        <dd>{printer.configured ? (printer.description ?? printerText(settings.labelPrinter)) : 'Not configured'}</dd>
        <dt>Reachable</dt>
        <dd data-testid="printer-reachable">{reachableText(printer)}</dd>
        <dt>Reports</dt>
        <dd>
          {!printer.configured ? (
            '—'
          ) : printer.problems.length === 0 ? (
            printer.checkedAt ? (
              'No problem reported'
            ) : (
              'Nothing yet'
            )
          ) : (
            <ul className="printer-problems">
              {printer.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Last checked</dt>
        <dd>{printer.checkedAt ? formatDateTime(printer.checkedAt) : 'never'}</dd>
        <dt>Label stock</dt>
        <dd>
          {settings.labelStock.widthMm} × {settings.labelStock.heightMm} mm at {settings.labelStock.dpi} dpi, text no
          smaller than {settings.labelStock.minimumTextPt} pt
        </dd>
      </dl>
      {mayTest && (
        <p>
          <button onClick={onTest} disabled={!printer.configured} title="Print a test label (T)">
            Print a test label <kbd>T</kbd>
          </button>
        </p>
      )}
      {admin ? (
        <PrinterEditor view={view} />
      ) : (
        <p className="empty">{printerText(settings.labelPrinter)}. An administrator changes the printer.</p>
      )}
    </section>
  )
}

/** The offered stocks, and the saved one when it is none of them. */
function stockChoices(draft: PrinterDraft): Array<{ value: string; label: string }> {
  const choices = LABEL_STOCK_SIZES.map((size, i) => ({
    value: `${size.widthMm}x${size.heightMm}`,
    label: `${size.widthMm} × ${size.heightMm} mm${i === 0 ? ' (standard)' : ''}`
  }))
  const current = `${draft.widthMm}x${draft.heightMm}`
  return choices.some((choice) => choice.value === current)
    ? choices
    : [...choices, { value: current, label: `${draft.widthMm} × ${draft.heightMm} mm (as saved)` }]
}

/** The test label on the stock being chosen: it changes as the stock or the smallest text changes, before saving. */
function StockSample({ draft }: { draft: PrinterDraft }): React.JSX.Element {
  // Keyed by the stock as drawn: a change of stock or smallest text lays it out again.
  const read = useCallQuery('labels.sample', labelStockOf(draft) as DeviceSettings['labelStock'])
  const sample = read.data ? { previews: read.data } : read.error ? { error: read.error.message } : null
  if (!sample) return <p>Laying out a sample label…</p>
  if ('error' in sample)
    return (
      <p role="alert" className="error">
        Sample label: {sample.error}
      </p>
    )
  return (
    <figure className="label-sample" aria-label="Sample label on this stock">
      {sample.previews.map((preview, index) => (
        <LabelImage key={index} preview={preview} alt={`Sample label ${index + 1} on this stock`} />
      ))}
      <figcaption>
        {draft.widthMm} × {draft.heightMm} mm, as a dispensing label prints on it
      </figcaption>
    </figure>
  )
}

function PrinterEditor({ view }: { view: DevicesView }): React.JSX.Element {
  const { ports, save } = useDevices()
  const [draft, setDraft] = useState<PrinterDraft>(() => printerDraft(view.settings))
  const [dirty, setDirty] = useState(false)
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null)

  useEffect(() => {
    if (!dirty) setDraft(printerDraft(view.settings))
  }, [view.settings, dirty])

  const change = (patch: Partial<PrinterDraft>): void => {
    setDirty(true)
    setDraft((current) => ({ ...current, ...patch }))
  }
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const checked = withPrinter(view.settings, draft)
    if (!checked.ok) return setMessage({ text: checked.message, bad: true })
    const error = await save(checked.settings)
    if (error) return setMessage({ text: error, bad: true })
    setDirty(false)
    setMessage({ text: `Saved: ${printerText(checked.settings.labelPrinter)}.`, bad: false })
  }
  function cancel(): void {
    setDirty(false)
    setDraft(printerDraft(view.settings))
    setMessage(null)
  }

  return (
    <form className="devices-form" aria-label="Label printer settings" onSubmit={(event) => void submit(event)}>
      <label>
        Printer kind
        <select value={draft.kind} onChange={(e) => change({ kind: e.target.value as PrinterKind })}>
          {PRINTER_KINDS.map((entry) => (
            <option key={entry.kind} value={entry.kind}>
              {entry.label}
            </option>
          ))}
        </select>
      </label>
      {draft.kind === 'tcp' && (
        <>
          <label>
            Address (host name or IP)
            <input
              className="mono"
              value={draft.host}
              maxLength={253}
              required
              spellCheck={false}
              autoComplete="off"
              placeholder="192.168.1.50"
              onChange={(e) => change({ host: e.target.value })}
            />
          </label>
          <label>
            TCP port
            <input
              type="number"
              min={1}
              max={65_535}
              value={draft.port}
              required
              onChange={(e) => change({ port: e.target.value })}
            />
          </label>
        </>
      )}
      {draft.kind === 'serial' && (
        <>
          <PortField label="Serial port" value={draft.path} ports={ports} onChange={(path) => change({ path })} />
          <label>
            Baud rate
            <BaudRate value={draft.baudRate} onChange={(baudRate) => change({ baudRate })} />
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.rtscts} onChange={(e) => change({ rtscts: e.target.checked })} />
            RTS/CTS flow control
          </label>
        </>
      )}
      {draft.kind === 'os' && (
        <label>
          Printer name, as the system knows it
          <input
            value={draft.deviceName}
            maxLength={200}
            required
            autoComplete="off"
            onChange={(e) => change({ deviceName: e.target.value })}
          />
        </label>
      )}
      <fieldset className="label-stock">
        <legend>Label stock</legend>
        <label>
          Size
          <select
            value={`${draft.widthMm}x${draft.heightMm}`}
            onChange={(e) => {
              const [widthMm = '', heightMm = ''] = e.target.value.split('x')
              change({ widthMm, heightMm })
            }}
          >
            {stockChoices(draft).map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Resolution (dpi)
          <select value={draft.dpi} onChange={(e) => change({ dpi: e.target.value as PrinterDraft['dpi'] })}>
            <option value="203">203 dpi</option>
            <option value="300">300 dpi</option>
            <option value="600">600 dpi</option>
          </select>
        </label>
        <label>
          Smallest text (pt, at least {LEGIBLE_MINIMUM_FLOOR_PT})
          <input
            type="number"
            min={LEGIBLE_MINIMUM_FLOOR_PT}
            max={12}
            step="0.5"
            value={draft.minimumTextPt}
            required
            onChange={(e) => change({ minimumTextPt: e.target.value })}
          />
        </label>
      </fieldset>
      <StockSample draft={draft} />
      <div className="actions">
        <button type="submit">Save printer</button>
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
