import { useState } from 'react'
import {
  TRACKING_FORMATS,
  type CarrierService,
  type CarriersConfig,
  type TrackingFormat
} from '@shared/dispatch/carriers'
import type { CallError } from '@shared/errors'
import { call } from '../../api/client'
import { queryClient, useCallQuery } from '../../api/queries'
import { useSession } from '../../session/session-store'

const FORMAT_LABELS: Record<TrackingFormat, string> = {
  royal_mail_s10: 'Royal Mail S10',
  pattern: 'Pattern',
  none: 'None'
}

const blankService = (): CarrierService => ({
  code: '',
  carrier: '',
  service: '',
  tracking: 'royal_mail_s10',
  pattern: null,
  enabled: true
})

/** Main's refusal, each issue named by the row a person sees ("Service 4 (courier_next_day), pattern: …"). */
function refusalLines(error: CallError, draft: readonly CarrierService[]): string[] {
  if (!Array.isArray(error.details)) return []
  return (error.details as Array<{ path?: unknown; message?: unknown }>).map(({ path, message }) => {
    const where = /^services\.(\d+)\.?(.*)$/.exec(String(path ?? ''))
    if (!where) return String(message)
    const index = Number(where[1])
    const code = draft[index]?.code
    return `Service ${index + 1}${code ? ` (${code})` : ''}${where[2] ? `, ${where[2]}` : ''}: ${String(message)}`
  })
}

/**
 * The carriers' services and the Phensys `delivery.service` code each fulfils. Administrators
 * edit and save (main checks it all); everyone else reads.
 */
export function CarriersTab(): React.JSX.Element {
  const admin = useSession((state) => state.session?.user.roles.includes('administrator') ?? false)
  const read = useCallQuery('dispatch.carriers', {})
  const saved = read.data ?? null
  // What the person is changing; until they change something, what is saved.
  const [editing, setDraft] = useState<CarrierService[] | null>(null)
  const draft = editing ?? saved?.services ?? []
  const [refused, setError] = useState<CallError | null>(null)
  const error = refused ?? (read.error ? { code: read.error.code, message: read.error.message } : null)
  const [message, setMessage] = useState<string | null>(null)

  const show = (config: CarriersConfig): void => {
    queryClient.setQueryData(['dispatch.carriers', {}], config)
    setDraft(null)
  }

  const change = (index: number, patch: Partial<CarrierService>): void => {
    setMessage(null)
    setDraft(draft.map((service, i) => (i === index ? { ...service, ...patch } : service)))
  }
  const save = async (): Promise<void> => {
    const answer = await call('dispatch.saveCarriers', { services: draft })
    if (!answer.ok) return setError(answer.error)
    setError(null)
    setMessage('Saved.')
    show(answer.value)
  }
  const changed = saved !== null && JSON.stringify(saved.services) !== JSON.stringify(draft)

  return (
    <section aria-label="Carriers">
      <p className="note">
        Each service fulfils one Phensys delivery service code. A code not listed (or switched off) is never guessed: a
        person chooses a service for that request before packing.
        {!admin && ' Only an administrator can change them.'}
      </p>
      {error && (
        <div role="alert" className="error">
          {refusalLines(error, draft).length > 0 ? (
            <>
              Not saved:
              <ul>
                {refusalLines(error, draft).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </>
          ) : (
            error.message
          )}
        </div>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault()
          void save()
        }}
      >
        <table className="register carriers">
          <thead>
            <tr>
              <th>Phensys code</th>
              <th>Carrier</th>
              <th>Service</th>
              <th>Tracking format</th>
              <th>Pattern</th>
              <th>Enabled</th>
              {admin && <th />}
            </tr>
          </thead>
          <tbody>
            {draft.map((service, index) =>
              admin ? (
                <EditableService
                  key={index}
                  service={service}
                  row={index + 1}
                  onChange={(patch) => change(index, patch)}
                  onRemove={() => {
                    setMessage(null)
                    setDraft(draft.filter((_, i) => i !== index))
                  }}
                />
              ) : (
                <tr key={service.code}>
                  <td className="mono">{service.code}</td>
                  <td>{service.carrier}</td>
                  <td>{service.service}</td>
                  <td>{FORMAT_LABELS[service.tracking]}</td>
                  <td className="mono">{service.pattern ?? '—'}</td>
                  <td>{service.enabled ? 'Yes' : 'No'}</td>
                </tr>
              )
            )}
          </tbody>
        </table>
        {draft.length === 0 && saved && (
          <p className="empty">
            No carrier services are configured: every request goes by collection or waits for one.
          </p>
        )}
        {admin && (
          <div className="actions">
            <button
              type="button"
              onClick={() => {
                setMessage(null)
                setDraft([...draft, blankService()])
              }}
            >
              Add a service
            </button>
            <button type="submit" disabled={!changed}>
              Save carriers
            </button>
            <button
              type="button"
              disabled={!changed}
              onClick={() => {
                setError(null)
                if (saved) show(saved)
              }}
            >
              Undo changes
            </button>
            {message && (
              <span role="status" className="outcome-ok">
                {message}
              </span>
            )}
          </div>
        )}
      </form>
    </section>
  )
}

function EditableService({
  service,
  row,
  onChange,
  onRemove
}: {
  service: CarrierService
  row: number
  onChange: (patch: Partial<CarrierService>) => void
  onRemove: () => void
}): React.JSX.Element {
  return (
    <tr>
      <td>
        <input
          className="mono"
          aria-label={`Service ${row} Phensys code`}
          value={service.code}
          onChange={(event) => onChange({ code: event.target.value })}
        />
      </td>
      <td>
        <input
          aria-label={`Service ${row} carrier`}
          value={service.carrier}
          onChange={(event) => onChange({ carrier: event.target.value })}
        />
      </td>
      <td>
        <input
          aria-label={`Service ${row} service`}
          value={service.service}
          onChange={(event) => onChange({ service: event.target.value })}
        />
      </td>
      <td>
        <select
          aria-label={`Service ${row} tracking format`}
          value={service.tracking}
          onChange={(event) => {
            const tracking = event.target.value as TrackingFormat
            onChange({ tracking, pattern: tracking === 'pattern' ? (service.pattern ?? '') : null })
          }}
        >
          {TRACKING_FORMATS.map((format) => (
            <option key={format} value={format}>
              {FORMAT_LABELS[format]}
            </option>
          ))}
        </select>
      </td>
      <td>
        {service.tracking === 'pattern' && (
          <input
            className="mono"
            aria-label={`Service ${row} pattern`}
            value={service.pattern ?? ''}
            placeholder="^\d{14}$"
            onChange={(event) => onChange({ pattern: event.target.value })}
          />
        )}
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={`Service ${row} enabled`}
          checked={service.enabled}
          onChange={(event) => onChange({ enabled: event.target.checked })}
        />
      </td>
      <td>
        <button type="button" onClick={onRemove} aria-label={`Remove service ${row}`}>
          Remove
        </button>
      </td>
    </tr>
  )
}
