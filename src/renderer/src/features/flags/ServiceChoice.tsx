import { useEffect, useState, type FormEvent } from 'react'
import type { CarrierService } from '../../../../shared/dispatch/carriers'
import { call } from '../../api/client'

/** Phensys asked for a service the carriers' settings do not map: a person chooses a configured one. */
export function ServiceChoice({
  requestId,
  onAnswer
}: {
  requestId: string
  onAnswer: (answer: { ok: boolean; error?: { message: string } }) => void
}): React.JSX.Element {
  const [services, setServices] = useState<CarrierService[]>([])
  const [code, setCode] = useState('')
  const [reason, setReason] = useState('')
  useEffect(() => {
    void call('dispatch.carriers', {}).then((answer) => {
      if (!answer.ok) return
      const enabled = answer.value.services.filter((service) => service.enabled)
      setServices(enabled)
      setCode((current) => current || (enabled[0]?.code ?? ''))
    })
  }, [])
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    onAnswer(await call('requests.chooseService', { id: requestId, code, reason }))
  }
  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)} aria-label="Choose the service">
      <label>
        Send it by
        <select value={code} onChange={(event) => setCode(event.target.value)}>
          {services.map((service) => (
            <option key={service.code} value={service.code}>
              {service.carrier} {service.service}
            </option>
          ))}
        </select>
      </label>
      <label>
        Because
        <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} />
      </label>
      <button type="submit">Choose this service</button>
    </form>
  )
}
