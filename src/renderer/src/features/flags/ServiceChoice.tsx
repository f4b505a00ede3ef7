import { useState, type FormEvent } from 'react'
import { call } from '../../api/client'
import { useCallQuery } from '../../api/queries'

/** Phensys asked for a service the carriers' settings do not map: a person chooses a configured one. */
export function ServiceChoice({
  requestId,
  onAnswer
}: {
  requestId: string
  onAnswer: (answer: { ok: boolean; error?: { message: string } }) => void
}): React.JSX.Element {
  const services = useCallQuery('dispatch.carriers', {}).data?.services.filter((service) => service.enabled) ?? []
  const [chosen, setCode] = useState('')
  // The first service stands chosen until the person picks another.
  const code = chosen || (services[0]?.code ?? '')
  const [reason, setReason] = useState('')
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
