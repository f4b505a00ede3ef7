import { useState, type FormEvent } from 'react'
import type { CallInput } from '@shared/contract'
import type { TrainerRequestView } from '@shared/contract/training-calls'
import { ROUTES } from '@shared/phensys/snapshot'
import { call } from '../../api/client'
import { useCallQuery } from '../../api/queries'
import { listCommands } from '../../keymap/list-keys'
import { useScope } from '../../keymap/keymap'
import { useSession } from '../../session/session-store'
import { Dialog } from '../../ui/Dialog'
import { humanise } from '../../ui/format'
import { routeName, stageName } from '../../ui/words'
import { SubmitOrCancel } from '../../ui/FormParts'
import { formatQuantity } from '@shared/stock/units'

/** Phensys states in which each of the trainer's moves makes sense (the sandbox refuses the others). */
const DECIDING = ['awaiting_patient_decision']
const QUERIED = ['query_raised', 'further_consultation']

/**
 * Training mode's trainer (a pharmacist or an administrator) plays Phensys and LoveMyLife on the
 * built-in sandbox: the patient's choice, a cancellation, a query answered (with changed
 * quantities or not), a new request of each route. The counter hears of each through the feed,
 * as it would at a real counter. Keys: ↑/↓ a request; W the patient waits, X the patient cancels,
 * F a further consultation; C Phensys cancels; R the query resolved, Q resolved with changes; 1–4
 * a new request of each route.
 */
export function TrainerPanel(): React.JSX.Element {
  const open = useSession((state) => state.open)
  // An administrator hears no request events (they carry patients' work): the list is read every
  // two seconds while the panel is open, for a pharmacist too.
  const requests = useCallQuery('training.requests', {}, { refetchInterval: 2000 })
  const rows = requests.data ?? []
  const [selected, setSelected] = useState(0)
  const [said, setSaid] = useState<{ text: string; bad: boolean } | null>(null)
  const [changing, setChanging] = useState<TrainerRequestView | null>(null)
  const row = rows[Math.min(selected, rows.length - 1)]

  async function play<N extends Parameters<typeof call>[0]>(name: N, input: CallInput<N>): Promise<void> {
    const answer = await call(name, input)
    if (!answer.ok) return setSaid({ text: answer.error.message, bad: true })
    setSaid({ text: (answer.value as { said: string }).said, bad: false })
  }
  const onRow = (run: (row: TrainerRequestView) => void) => () => {
    if (!row) return false
    run(row)
  }

  useScope('trainer', {
    keys: {
      ...listCommands(rows.length, selected, setSelected),
      back: () => open({ name: 'worklist' }),
      wait: onRow((r) => void play('training.patientChoice', { id: r.id, choice: 'wait' })),
      patientCancels: onRow((r) => void play('training.patientChoice', { id: r.id, choice: 'cancel' })),
      furtherConsultation: onRow(
        (r) => void play('training.patientChoice', { id: r.id, choice: 'further_consultation' })
      ),
      cancel: onRow((r) => void play('training.cancel', { id: r.id })),
      resolve: onRow((r) => void play('training.resolveQuery', { id: r.id, quantities: [] })),
      resolveChanged: onRow((r) => setChanging(r)),
      newRequest: (key) => {
        const route = ROUTES[Number(key) - 1]
        if (!route) return false
        void play('training.newRequest', { route })
      }
    }
  })

  return (
    <main className="detail trainer" aria-label="Trainer">
      <header className="detail-header">
        <button onClick={() => open({ name: 'worklist' })}>← Worklist (Esc)</button>
        <h1>Trainer: play Phensys and the patient</h1>
      </header>
      <p className="hint">
        What you do here happens at Phensys (the built-in sandbox) and reaches the counter through the feed, as it would
        from the real Phensys.
      </p>
      {said && (
        <p role={said.bad ? 'alert' : 'status'} className={said.bad ? 'error' : undefined}>
          {said.text}
        </p>
      )}
      <section aria-label="New requests">
        <h2>A new request arrives from LoveMyLife</h2>
        {ROUTES.map((route, index) => (
          <button key={route} onClick={() => void play('training.newRequest', { route })}>
            {routeName(route)} <kbd>{index + 1}</kbd>
          </button>
        ))}
      </section>
      {row && (
        <section aria-label="The selected request">
          <h2>
            <span className="mono">{row.id}</span> · at the counter: {stageName(row.stage)} · at Phensys:{' '}
            {humanise(row.phensysState)}
          </h2>
          <button
            disabled={!DECIDING.includes(row.phensysState)}
            onClick={() => void play('training.patientChoice', { id: row.id, choice: 'wait' })}
          >
            The patient waits <kbd>W</kbd>
          </button>
          <button
            disabled={!DECIDING.includes(row.phensysState)}
            onClick={() => void play('training.patientChoice', { id: row.id, choice: 'cancel' })}
          >
            The patient cancels <kbd>X</kbd>
          </button>
          <button
            disabled={!DECIDING.includes(row.phensysState)}
            onClick={() => void play('training.patientChoice', { id: row.id, choice: 'further_consultation' })}
          >
            A further consultation <kbd>F</kbd>
          </button>
          <button onClick={() => void play('training.cancel', { id: row.id })}>
            Phensys cancels it <kbd>C</kbd>
          </button>
          <button
            disabled={!QUERIED.includes(row.phensysState)}
            onClick={() => void play('training.resolveQuery', { id: row.id, quantities: [] })}
          >
            Query resolved, nothing changed <kbd>R</kbd>
          </button>
          <button disabled={!QUERIED.includes(row.phensysState)} onClick={() => setChanging(row)}>
            Query resolved with changed quantities <kbd>Q</kbd>
          </button>
        </section>
      )}
      <table aria-label="Open requests">
        <thead>
          <tr>
            <th>Request</th>
            <th>Route</th>
            <th>At the counter</th>
            <th>At Phensys</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((candidate, index) => (
            <tr key={candidate.id} aria-selected={index === selected} onClick={() => setSelected(index)}>
              <td className="mono">{candidate.id}</td>
              <td>{routeName(candidate.route)}</td>
              <td>{stageName(candidate.stage)}</td>
              <td>{humanise(candidate.phensysState)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {changing && (
        <ChangedQuantities
          id={changing.id}
          onDone={(text) => {
            setChanging(null)
            if (text) setSaid(text)
          }}
        />
      )}
    </main>
  )
}

/** The prescriber's answer to the query changes quantities: one field per line. */
function ChangedQuantities({
  id,
  onDone
}: {
  id: string
  onDone: (said: { text: string; bad: boolean } | null) => void
}): React.JSX.Element {
  const detail = useCallQuery('requests.get', { id })
  const [quantities, setQuantities] = useState<Record<string, string>>({})
  const items = detail.data?.snapshot.prescription.items ?? []

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const changed = items
      .filter((item) => quantities[item.lineId] && Number(quantities[item.lineId]) !== item.quantity)
      .map((item) => ({ lineId: item.lineId, quantity: Number(quantities[item.lineId]) }))
    const answer = await call('training.resolveQuery', { id, quantities: changed })
    onDone(answer.ok ? { text: answer.value.said, bad: false } : { text: answer.error.message, bad: true })
  }

  return (
    <Dialog label="Query resolved with changed quantities" onClose={() => onDone(null)}>
      <form onSubmit={(event) => void submit(event)}>
        <h2>The prescriber changes the quantities of {id}</h2>
        {items.map((item, index) => (
          <label key={item.lineId}>
            {item.product.name} (now {formatQuantity(item.quantity, item.unit)})
            <input
              autoFocus={index === 0}
              type="number"
              min={1}
              value={quantities[item.lineId] ?? String(item.quantity)}
              onChange={(event) => setQuantities({ ...quantities, [item.lineId]: event.target.value })}
            />
          </label>
        ))}
        <SubmitOrCancel submit="Resolve the query ⏎" onCancel={() => onDone(null)} />
      </form>
    </Dialog>
  )
}
