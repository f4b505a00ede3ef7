import { Dialog } from '../../ui/Dialog'
import { useState, type FormEvent } from 'react'
import type { RequestDetail, ShipmentView } from '@shared/contract'
import { QUERY_REASONS } from '@shared/phensys/events'
import { TRANSITIONS, availableCommands, type CommandBy, type WorkflowCommand } from '@shared/workflow/transitions'
import { call } from '../../api/client'
import { useSession } from '../../session/session-store'
import { humanise } from '../../ui/format'
import { HardCopyForm } from '../hard-copy/HardCopyForm'
import { useAccuracyCheck } from '../dispensing/accuracy-store'
import { COLLECT } from '@shared/dispatch/carriers'
import {
  CollectDialog,
  DispatchDialog,
  PackDialog,
  AnotherParcelDialog,
  DeliveredDialog,
  ReturnedDialog,
  earlierParcelsOut,
  parcelsStillOut
} from './DeliveryDialogs'
import { ClinicalCheckDialog } from '../clinical/ClinicalCheckDialog'
import { useScope } from '../../keymap/keymap'
import { useCallQuery } from '../../api/queries'
import { ErrorLine, SubmitOrCancel } from '../../ui/FormParts'
import { returnableLines } from '../registers/patient-returns-words'
import { PatientReturnDialog } from './PatientReturnDialog'

type Answer = Promise<{ ok: boolean; error?: { message: string } }>
interface DialogProps {
  detail: RequestDetail
  /** Closes the dialog, says what happened (if anything), and reloads the request. */
  close: (message: string | null) => void
  /** Closes the dialog without a word. */
  cancel: () => void
}

/** How a step of the table appears on the request screen. */
type OnScreen =
  /** Runs at once; `done` is what the person is told when it worked. */
  | { kind: 'run'; run: (id: string, basedOnRevision: number) => Answer; done?: string }
  /** Asks for more first. */
  | { kind: 'dialog'; render: (props: DialogProps) => React.JSX.Element }
  /** Opens the re-scanning of every labelled pack (the dispensing panel submits it). */
  | { kind: 'accuracyCheck' }
  /** Taken by Phensys or by the counter itself: never a button. */
  | { kind: 'notOffered' }

const NOT_OFFERED = { kind: 'notOffered' } as const

/**
 * Every step of the transition table and how the screen offers it, in one place: a step added
 * to the table and not here does not compile, and an automatic one cannot be given a button.
 */
const ON_SCREEN = {
  accept: { kind: 'run', run: (id, basedOnRevision) => call('requests.accept', { id, basedOnRevision }) },
  receiveHardCopy: {
    kind: 'dialog',
    render: ({ detail, close, cancel }) => (
      <HardCopyForm
        detail={detail}
        onCancel={cancel}
        onSubmit={async (receipt) => {
          const answer = await call('requests.receiveHardCopy', { ...receipt, basedOnRevision: detail.row.revision })
          if (!answer.ok) return answer.error.message
          const stage = answer.value.row.stage
          close(
            stage === 'query_raised'
              ? 'The original does not match: a query about it went to Phensys and the request is held.'
              : stage === 'cancelled' || stage === 'rejected'
                ? `Original received and recorded; the request stays ${stage}, and nothing goes to Phensys.`
                : 'Original received and matched; the request moves on to the stock check.'
          )
          return null
        }}
      />
    )
  },
  checkStock: { kind: 'run', run: (id, basedOnRevision) => call('requests.checkStock', { id, basedOnRevision }) },
  patientWaits: NOT_OFFERED,
  stockArrived: NOT_OFFERED,
  shortageNotified: NOT_OFFERED,
  orderLineCancelled: NOT_OFFERED,
  itemsOutgrewStock: NOT_OFFERED,
  batchRecalled: NOT_OFFERED,
  startDispensing: {
    kind: 'run',
    run: (id, basedOnRevision) => call('requests.startDispensing', { id, basedOnRevision }),
    done: 'Dispensing started: scan every pack.'
  },
  printLabels: {
    kind: 'run',
    run: (id, basedOnRevision) => call('requests.printLabels', { id, basedOnRevision }),
    done: 'Labels queued for the printer; the request moves to Labelled when the printer has them (see Printing below).'
  },
  labelsPrinted: NOT_OFFERED,
  clinicalCheck: {
    kind: 'dialog',
    render: ({ detail, close }) => <ClinicalCheckDialog detail={detail} onClose={close} />
  },
  clinicalCheckVoided: NOT_OFFERED,
  labelsVoided: NOT_OFFERED,
  deliveryChanged: NOT_OFFERED,
  accuracyCheck: { kind: 'accuracyCheck' },
  outOfDatePackTakenOut: {
    kind: 'run',
    run: (id, basedOnRevision) => call('requests.outOfDatePackTakenOut', { id, basedOnRevision }),
    done: 'Out-of-date pack taken out and booked to quarantine: put it in quarantine, then scan the replacement (or check stock again, S, where none was free).'
  },
  pack: { kind: 'dialog', render: ({ detail, close }) => <PackDialog detail={detail} onClose={close} /> },
  dispatch: { kind: 'dialog', render: ({ detail, close }) => <DispatchDialog detail={detail} onClose={close} /> },
  collect: { kind: 'dialog', render: ({ detail, close }) => <CollectDialog detail={detail} onClose={close} /> },
  markDelivered: {
    kind: 'run',
    run: (id, basedOnRevision) => call('requests.markDelivered', { id, basedOnRevision }),
    done: 'Marked delivered.'
  },
  markReturned: { kind: 'dialog', render: ({ detail, close }) => <ReturnedDialog detail={detail} onClose={close} /> },
  addressAnswered: NOT_OFFERED,
  raiseQuery: {
    kind: 'dialog',
    render: ({ detail, close }) => <ReasonDialog command="raiseQuery" detail={detail} onClose={close} />
  },
  queryResolved: NOT_OFFERED,
  originalRequired: NOT_OFFERED,
  originalNoLongerRequired: NOT_OFFERED,
  furtherConsultation: NOT_OFFERED,
  reject: {
    kind: 'dialog',
    render: ({ detail, close }) => <ReasonDialog command="reject" detail={detail} onClose={close} />
  },
  rejectedByPhensys: NOT_OFFERED,
  unreadableVersion: NOT_OFFERED,
  cancelledByPhensys: NOT_OFFERED
} satisfies {
  [C in WorkflowCommand]: C extends CommandBy<'person'> ? Exclude<OnScreen, typeof NOT_OFFERED> : typeof NOT_OFFERED
}

export function RequestActions({
  detail,
  onDone,
  message,
  setMessage
}: {
  detail: RequestDetail
  onDone: () => void
  /** What the last step said: kept by the request screen, as a step that stops the request remounts this. */
  message: string | null
  setMessage: (message: string) => void
}): React.JSX.Element | null {
  const roles = useSession((state) => state.session?.user.roles ?? [])
  const [dialog, setDialog] = useState<CommandBy<'person'> | null>(null)
  const openAccuracyCheck = useAccuracyCheck((state) => state.open)
  const accuracyOpen = useAccuracyCheck((state) => state.requestId === detail.row.id)
  // A collection is handed over, never dispatched by carrier, and the other way round (main refuses either way).
  const notHere: WorkflowCommand = detail.snapshot.delivery.service === COLLECT ? 'dispatch' : 'collect'
  // Returned to sender with a parcel of the last dispatch still out: N records another parcel back,
  // V another delivered after all (the keys and roles of markReturned and markDelivered; the
  // table's steps themselves are not offered at this stage).
  const returned = detail.row.stage === 'returned_to_sender'
  // Cancelled or rejected at Phensys: the table's N records parcels back, offered only while some
  // were out when it was stopped; H records paper that arrives late, offered only where an original
  // was required.
  const stopped = detail.row.stage === 'cancelled' || detail.row.stage === 'rejected'
  // Once a request has been sent again, a parcel of an earlier dispatch may still be out whatever
  // its stage: the shipment is read at every stage.
  const shipment = useCallQuery('dispatch.shipment', { id: detail.row.id }).data ?? null
  // The out-of-date pack taken out (U) only where a pack in the bag no longer lasts its course today.
  const outOfDate = useCallQuery('dispensing.view', { id: detail.row.id }).data?.outOfDate ?? []
  const offered = availableCommands(detail.row.stage, roles).filter(
    (command) =>
      command !== notHere &&
      !(command === 'outOfDatePackTakenOut' && outOfDate.length === 0) &&
      !(command === 'markReturned' && stopped && parcelsStillOut(shipment).length === 0) &&
      !(command === 'receiveHardCopy' && stopped && !detail.row.hardCopyRequired)
  )
  const parcelOut = returned && parcelsStillOut(shipment).length > 0
  const mayReturn = TRANSITIONS.markReturned.roles.some((role) => roles.includes(role))
  const anotherParcel = parcelOut && mayReturn
  const mayDeliver = TRANSITIONS.markDelivered.roles.some((role) => roles.includes(role))
  // A parcel of an earlier dispatch still out (the request sent again since) may come back at any
  // stage: N offers it, in the table's own dialog where N is the table's step (it chooses there).
  const earlierBack = mayReturn && earlierParcelsOut(shipment).length > 0 && !offered.includes('markReturned')
  // Or be delivered after all (the carrier phones): V offers it wherever V is not the table's step.
  const earlierDelivered = mayDeliver && earlierParcelsOut(shipment).length > 0 && !offered.includes('markDelivered')
  const parcelDelivered = (parcelOut && mayDeliver) || earlierDelivered
  const parcelBack = anotherParcel || earlierBack
  const [parcelDialog, setParcelDialog] = useState<'returned' | 'delivered' | null>(null)
  // V's dialog, open with the parcels read when V was pressed.
  const [deliveredDialog, setDeliveredDialog] = useState<ShipmentView | null>(null)
  // Schedule 2 CDs the patient brought back, recorded by a pharmacist from a delivered request.
  const returnable = roles.includes('pharmacist')
    ? returnableLines(detail.row.stage, detail.row.hasControlledDrug, detail.snapshot.prescription.items)
    : []
  const [returnDialog, setReturnDialog] = useState(false)

  async function run(command: CommandBy<'person'>): Promise<void> {
    // Dispatched again with a parcel of an earlier dispatch still out: V asks which was delivered,
    // the last dispatch (the table's step) or that earlier parcel, as N asks which came back. The
    // parcels are read first (V may come before the list has arrived): never delivered by default.
    if (command === 'markDelivered') {
      const parcels = await call('dispatch.shipment', { id: detail.row.id })
      if (!parcels.ok) return setMessage(parcels.error.message)
      if (earlierParcelsOut(parcels.value).length > 0) return setDeliveredDialog(parcels.value)
    }
    const onScreen: OnScreen = ON_SCREEN[command]
    if (onScreen.kind === 'dialog') return setDialog(command)
    if (onScreen.kind === 'accuracyCheck') {
      setMessage('Accuracy check: scan the label on each pack; the last one records the check (Esc to stop).')
      return openAccuracyCheck(detail.row.id)
    }
    if (onScreen.kind !== 'run') return
    const answer = await onScreen.run(detail.row.id, detail.row.revision)
    setMessage(
      answer.ok ? (onScreen.done ?? `${TRANSITIONS[command].label}: done.`) : (answer.error?.message ?? 'Refused.')
    )
    onDone()
  }

  const close = (text: string | null): void => {
    setDialog(null)
    if (text) setMessage(text)
    onDone()
  }
  const open: OnScreen | null = dialog ? ON_SCREEN[dialog] : null

  // The step keys are the table's (bindings.ts declares them from TRANSITIONS); the one keymap
  // listener answers them here while no dialog or accuracy check of this request is open.
  useScope(
    'request',
    {
      keys: {
        ...Object.fromEntries(offered.map((command) => [`workflow.${command}`, () => void run(command)])),
        ...(parcelBack ? { 'workflow.markReturned': () => setParcelDialog('returned') } : {}),
        ...(parcelDelivered ? { 'workflow.markDelivered': () => setParcelDialog('delivered') } : {}),
        ...(returnable.length > 0 ? { patientReturn: () => setReturnDialog(true) } : {})
      }
    },
    !dialog && !parcelDialog && !deliveredDialog && !returnDialog && !accuracyOpen
  )

  if (offered.length === 0 && !parcelBack && !parcelDelivered && returnable.length === 0 && !message) return null
  return (
    <section className="actions" aria-label="Actions">
      {offered.map((command) => (
        <button key={command} onClick={() => void run(command)}>
          {TRANSITIONS[command].label} <kbd>{TRANSITIONS[command].shortcut.toUpperCase()}</kbd>
        </button>
      ))}
      {parcelBack && (
        <button onClick={() => setParcelDialog('returned')}>
          {anotherParcel ? 'Another parcel back' : 'Parcel of an earlier dispatch back'}{' '}
          <kbd>{TRANSITIONS.markReturned.shortcut.toUpperCase()}</kbd>
        </button>
      )}
      {parcelDelivered && (
        <button onClick={() => setParcelDialog('delivered')}>
          {parcelOut ? 'Another parcel delivered' : 'Parcel of an earlier dispatch delivered'}{' '}
          <kbd>{TRANSITIONS.markDelivered.shortcut.toUpperCase()}</kbd>
        </button>
      )}
      {returnable.length > 0 && (
        <button onClick={() => setReturnDialog(true)}>
          Record a return <kbd>T</kbd>
        </button>
      )}
      {message && <p role="status">{message}</p>}
      {returnDialog && (
        <PatientReturnDialog
          detail={detail}
          lines={returnable}
          onClose={(text) => {
            setReturnDialog(false)
            close(text)
          }}
        />
      )}
      {parcelDialog && (
        <AnotherParcelDialog
          detail={detail}
          outcome={parcelDialog}
          lastToo={parcelOut}
          onClose={(text) => {
            setParcelDialog(null)
            close(text)
          }}
        />
      )}
      {deliveredDialog && (
        <DeliveredDialog
          detail={detail}
          parcels={deliveredDialog}
          onClose={(text) => {
            setDeliveredDialog(null)
            close(text)
          }}
        />
      )}
      {open?.kind === 'dialog' && open.render({ detail, close, cancel: () => setDialog(null) })}
    </section>
  )
}

function ReasonDialog({
  command,
  detail,
  onClose
}: {
  command: 'raiseQuery' | 'reject'
  detail: RequestDetail
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
    const based = { id: detail.row.id, basedOnRevision: detail.row.revision, message: text }
    const answer =
      command === 'raiseQuery'
        ? await call('requests.raiseQuery', { ...based, reason: reason as (typeof QUERY_REASONS)[number] })
        : await call('requests.reject', { ...based, reason: reason as 'cannot_supply' | 'clinical' | 'other' })
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
        <ErrorLine>{error}</ErrorLine>
        <SubmitOrCancel submit="Send ⏎" onCancel={() => onClose(null)} />
      </form>
    </Dialog>
  )
}
