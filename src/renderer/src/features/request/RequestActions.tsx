import { Dialog } from '../../ui/Dialog'
import { useEffect, useState, type FormEvent } from 'react'
import type { RequestDetail } from '../../../../shared/contract'
import { QUERY_REASONS } from '../../../../shared/phensys/events'
import { TRANSITIONS, availableCommands, type WorkflowCommand } from '../../../../shared/workflow/transitions'
import { call } from '../../api/client'
import { useSession } from '../../session/session-store'
import { humanise } from '../../ui/format'
import { HardCopyForm } from '../hard-copy/HardCopyForm'
import { useAccuracyCheck } from '../dispensing/accuracy-store'
import { COLLECT } from '../../../../shared/dispatch/carriers'
import { CollectDialog, DispatchDialog, PackDialog, ReturnedDialog } from './DeliveryDialogs'

type DialogCommand = 'raiseQuery' | 'reject' | 'receiveHardCopy' | 'pack' | 'dispatch' | 'collect' | 'markReturned'
type Dialog = { command: DialogCommand } | null
const WITH_DIALOG: readonly WorkflowCommand[] = [
  'raiseQuery',
  'reject',
  'receiveHardCopy',
  'pack',
  'dispatch',
  'collect',
  'markReturned'
]

/** What a person is told when a command has been run. */
const DONE: Partial<Record<WorkflowCommand, string>> = {
  startDispensing: 'Dispensing started: scan every pack.',
  printLabels: 'Labels sent to the printer; the request moves to Labelled when the printer has it.',
  clinicalCheck: 'Clinical check recorded.',
  markDelivered: 'Marked delivered.'
}

/** The commands this user may run here, straight from the transition table; each has its key. */
const RUNNABLE: Partial<
  Record<WorkflowCommand, (id: string) => Promise<{ ok: boolean; error?: { message: string } }>>
> = {
  accept: (id) => call('requests.accept', { id }),
  checkStock: (id) => call('requests.checkStock', { id }),
  startDispensing: (id) => call('requests.startDispensing', { id }),
  printLabels: (id) => call('requests.printLabels', { id }),
  clinicalCheck: (id) => call('requests.clinicalCheck', { id }),
  markDelivered: (id) => call('requests.markDelivered', { id })
}

export function RequestActions({
  detail,
  onDone
}: {
  detail: RequestDetail
  onDone: () => void
}): React.JSX.Element | null {
  const roles = useSession((state) => state.session?.user.roles ?? [])
  const [dialog, setDialog] = useState<Dialog>(null)
  const [message, setMessage] = useState<string | null>(null)
  const openAccuracyCheck = useAccuracyCheck((state) => state.open)
  const accuracyOpen = useAccuracyCheck((state) => state.requestId === detail.row.id)
  // A collection is handed over, never dispatched by carrier, and the other way round (main refuses either way).
  const notHere: WorkflowCommand = detail.snapshot.delivery.service === COLLECT ? 'dispatch' : 'collect'
  const offered = availableCommands(detail.row.stage, roles).filter(
    (command) =>
      command !== notHere && (command in RUNNABLE || WITH_DIALOG.includes(command) || command === 'accuracyCheck')
  )

  async function run(command: WorkflowCommand): Promise<void> {
    if ((WITH_DIALOG as readonly string[]).includes(command)) return setDialog({ command: command as DialogCommand })
    if (command === 'accuracyCheck') {
      setMessage('Accuracy check: re-scan every labelled pack, then K to submit (Esc to cancel).')
      return openAccuracyCheck(detail.row.id)
    }
    const runner = RUNNABLE[command]
    if (!runner) return
    const answer = await runner(detail.row.id)
    setMessage(
      answer.ok ? (DONE[command] ?? `${TRANSITIONS[command].label}: done.`) : (answer.error?.message ?? 'Refused.')
    )
    onDone()
  }

  const closeWith = (text: string | null): void => {
    setDialog(null)
    if (text) setMessage(text)
    onDone()
  }

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (
        event.defaultPrevented ||
        dialog ||
        accuracyOpen ||
        event.target instanceof HTMLInputElement ||
        event.target instanceof HTMLTextAreaElement ||
        event.ctrlKey ||
        event.altKey
      )
        return
      const command = offered.find((candidate) => TRANSITIONS[candidate].shortcut === event.key)
      if (command) {
        event.preventDefault()
        void run(command)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  if (offered.length === 0 && !message) return null
  return (
    <section className="actions" aria-label="Actions">
      {offered.map((command) => (
        <button key={command} onClick={() => void run(command)}>
          {TRANSITIONS[command].label} <kbd>{TRANSITIONS[command].shortcut.toUpperCase()}</kbd>
        </button>
      ))}
      {message && <p role="status">{message}</p>}
      {(dialog?.command === 'raiseQuery' || dialog?.command === 'reject') && (
        <ReasonDialog command={dialog.command} id={detail.row.id} onClose={closeWith} />
      )}
      {dialog?.command === 'pack' && <PackDialog detail={detail} onClose={closeWith} />}
      {dialog?.command === 'dispatch' && <DispatchDialog detail={detail} onClose={closeWith} />}
      {dialog?.command === 'collect' && <CollectDialog detail={detail} onClose={closeWith} />}
      {dialog?.command === 'markReturned' && <ReturnedDialog detail={detail} onClose={closeWith} />}
      {dialog?.command === 'receiveHardCopy' && (
        <HardCopyForm
          detail={detail}
          onCancel={() => setDialog(null)}
          onSubmit={async (receipt) => {
            const answer = await call('requests.receiveHardCopy', receipt)
            if (!answer.ok) return answer.error.message
            setDialog(null)
            setMessage(
              answer.value.row.stage === 'query_raised'
                ? 'The original does not match: a hard_copy_mismatch query went to Phensys and the request is held.'
                : 'Original received and matched; the request moves on to the stock check.'
            )
            onDone()
            return null
          }}
        />
      )}
    </section>
  )
}

function ReasonDialog({
  command,
  id,
  onClose
}: {
  command: 'raiseQuery' | 'reject'
  id: string
  onClose: (message: string | null) => void
}): React.JSX.Element {
  const reasons =
    command === 'raiseQuery'
      ? QUERY_REASONS.filter((reason) => !reason.startsWith('hard_copy'))
      : (['cannot_supply', 'clinical', 'other'] as const)
  const [reason, setReason] = useState<string>(reasons[0]!)
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const answer =
      command === 'raiseQuery'
        ? await call('requests.raiseQuery', { id, reason: reason as (typeof QUERY_REASONS)[number], message: text })
        : await call('requests.reject', { id, reason: reason as 'cannot_supply' | 'clinical' | 'other', message: text })
    if (!answer.ok) return setError(answer.error.message)
    onClose(
      command === 'raiseQuery'
        ? 'Query sent to Phensys; the request is held until it is resolved.'
        : 'Rejected; Phensys will route it elsewhere.'
    )
  }

  return (
    <Dialog label={TRANSITIONS[command].label} onClose={() => onClose(null)}>
      <form onSubmit={(event) => void submit(event)}>
        <h2>{TRANSITIONS[command].label}</h2>
        <label>
          Reason
          <select autoFocus value={reason} onChange={(e) => setReason(e.target.value)}>
            {reasons.map((option) => (
              <option key={option} value={option}>
                {humanise(option)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Message for Phensys
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={4} />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit">Send ⏎</button>{' '}
        <button type="button" onClick={() => onClose(null)}>
          Cancel (Esc)
        </button>
      </form>
    </Dialog>
  )
}
