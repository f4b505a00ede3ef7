import { useScope } from '../../keymap/keymap'
import { useState } from 'react'
import type { RequestDetail as Detail } from '@shared/contract'
import { patientDisplayName, type CautionaryLabelRef } from '@shared/phensys/snapshot'
import { refreshCall, useCallQuery } from '../../api/queries'
import { useSession } from '../../session/session-store'
import { humanise } from '../../ui/format'
import { routeName, serviceName, stageName } from '../../ui/words'
import { ErrorBoundary } from '../../ui/ErrorBoundary'
import { timelineSentence } from './timeline-words'
import { RequestActions } from './RequestActions'
import { PutAway } from '../dispensing/PutAway'
import { LabelPreview } from './LabelPreview'
import { ShipmentSummary } from './ShipmentSummary'
import { DispensingPanel } from '../dispensing/DispensingPanel'
import { ClaimNotice } from '../premises/ClaimNotice'
import { PrintJobsOfRequest } from '../printing/PrintJobsOfRequest'
import { FlagsPanel } from '../flags/FlagsPanel'
import { StockReasons } from './StockReasons'
import { ReceivedOriginals } from './ReceivedOriginals'
import { formatDate, formatDateTime } from '@shared/time/london'
import { ClinicalPanel } from '../clinical/ClinicalPanel'
import { NoteDialog } from '../notes/NoteDialog'
import { formatQuantity } from '@shared/stock/units'

function labelText(label: CautionaryLabelRef): string {
  if (typeof label === 'number') return String(label)
  return [label.number, label.max, label.maxPerWeek].filter(Boolean).join(' · ')
}

/** One request: prescription, patient, delivery, payment and its timeline. Escape goes back. */
export function RequestDetail({ id, openedBy }: { id: string; openedBy: string | null }): React.JSX.Element {
  const open = useSession((state) => state.open)
  const query = useCallQuery('requests.get', { id })
  const detail = query.data ?? null
  const error = query.error?.message ?? null
  const [noting, setNoting] = useState(false)
  const [actionMessage, setActionMessage] = useState<string | null>(null)
  useScope('request', {
    keys: {
      back: () => open({ name: 'worklist' }),
      patient: () => {
        if (!detail) return false
        open({ name: 'patient', patientId: detail.snapshot.patient.id, from: id })
      },
      note: () => setNoting(true)
    }
  })

  // Whatever the screen can show, it keeps its way back: a reading that fails (the host gone) once
  // took the button away between a person's look and their click.
  const back = <button onClick={() => open({ name: 'worklist' })}>← Worklist (Esc)</button>
  const failed = error && (
    <p role="alert" className="error">
      {detail ? `Could not read ${id} anew; what shows is as last read. ${error}` : error}
    </p>
  )
  if (!detail)
    return (
      <main className="detail">
        <header className="detail-header">{back}</header>
        {failed || <p>Loading {id}…</p>}
      </main>
    )
  const { snapshot, row } = detail
  const rx = snapshot.prescription
  // Stopped at Phensys: whatever was open for it here (a dialog, a half-made choice) is closed by
  // giving the actions and the dispensing panel a new identity, and the person is told why.
  const stopped = row.stage === 'cancelled' || row.stage === 'rejected'

  return (
    <main className="detail" aria-label={`Request ${id}`}>
      <header className="detail-header">
        {back}
        <h1>
          <span className="mono">{snapshot.id}</span> · {patientDisplayName(snapshot)}
        </h1>
        <span className="stage-badge">{stageName(row.stage)}</span>
        <span className="phensys-state" title="State at Phensys">
          Phensys: {humanise(snapshot.state)} (v{snapshot.version})
        </span>
        <button onClick={() => open({ name: 'patient', patientId: snapshot.patient.id, from: id })}>
          Patient's record <kbd>M</kbd>
        </button>
        <button onClick={() => setNoting(true)}>
          Add a note <kbd>E</kbd>
        </button>
      </header>
      {failed}
      <ErrorBoundary what="Who is working it" resetKey={row.stage}>
        <ClaimNotice detail={detail} onDone={() => void refreshCall('requests.get', { id })} />
      </ErrorBoundary>
      {noting && (
        <NoteDialog
          subject="request"
          subjectId={id}
          about={`${patientDisplayName(snapshot)}'s request ${id}`}
          onClose={() => setNoting(false)}
        />
      )}
      {stopped && (
        <p role="alert" className="request-stopped">
          {row.stage === 'cancelled'
            ? 'Cancelled at Phensys: stop work on this request. Labels not yet printed and stock still to come were withdrawn; bag labels already printed are void (the print queue says so); the timeline says if a label must be removed.'
            : 'Rejected: no further work on this request. Bag labels already printed are void (the print queue says so).'}
        </p>
      )}
      {stopped && (
        <ErrorBoundary what="What to put away" resetKey={row.stage}>
          <PutAway requestId={id} />
        </ErrorBoundary>
      )}
      <ErrorBoundary what="The flags" resetKey={row.stage}>
        <FlagsPanel requestId={id} onSettled={() => void refreshCall('requests.get', { id })} />
      </ErrorBoundary>
      <ErrorBoundary what="The clinical check" resetKey={row.stage}>
        <ClinicalPanel requestId={id} />
      </ErrorBoundary>
      <ErrorBoundary what="The actions" resetKey={row.stage}>
        <RequestActions
          key={stopped ? 'stopped' : 'open'}
          detail={detail}
          onDone={() => void refreshCall('requests.get', { id })}
          message={actionMessage}
          setMessage={setActionMessage}
        />
      </ErrorBoundary>
      <ErrorBoundary what="Printing" resetKey={row.stage}>
        <PrintJobsOfRequest requestId={id} />
      </ErrorBoundary>
      <ErrorBoundary what="The stock" resetKey={row.stage}>
        <StockReasons requestId={id} />
      </ErrorBoundary>
      <ErrorBoundary what="Dispensing" resetKey={row.stage}>
        <DispensingPanel key={stopped ? 'stopped' : 'open'} detail={detail} openedBy={openedBy} />
      </ErrorBoundary>
      <div className="detail-grid">
        <section aria-labelledby="rx-title">
          <h2 id="rx-title">Prescription</h2>
          <dl>
            <dt>Route</dt>
            <dd>{routeName(snapshot.route)}</dd>
            <dt>Kind</dt>
            <dd>
              {humanise(rx.kind)}
              {rx.formType ? ` (${rx.formType})` : ''}
            </dd>
            <dt>Issued</dt>
            <dd>{formatDate(rx.issuedAt)}</dd>
            <dt>Prescriber</dt>
            <dd>
              {rx.prescriber.name}
              {rx.prescriber.registrationBody
                ? `, ${rx.prescriber.registrationBody} ${rx.prescriber.registrationNumber ?? ''}`
                : ''}
            </dd>
            <dt>Hard copy</dt>
            <dd>
              {row.hardCopyRequired ? 'Original must be received before dispensing' : 'Not required'}
              <ReceivedOriginals id={id} />
            </dd>
          </dl>
          <table className="items">
            <thead>
              <tr>
                <th>Line</th>
                <th>Medicine</th>
                <th>Qty</th>
                <th>Directions</th>
                <th>Labels</th>
              </tr>
            </thead>
            <tbody>
              {rx.items.map((item) => (
                <tr key={item.lineId}>
                  <td>{item.lineId}</td>
                  <td>
                    {item.product.name}
                    {item.product.controlledDrugSchedule != null && (
                      <span className="flag cd">CD{String(item.product.controlledDrugSchedule)}</span>
                    )}
                  </td>
                  <td>{formatQuantity(item.quantity, item.unit)}</td>
                  <td>{item.directions}</td>
                  <td>{item.cautionaryLabels.map(labelText).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rx.notes && <p className="notes">{rx.notes}</p>}
        </section>
        <section aria-labelledby="patient-title">
          <h2 id="patient-title">Patient</h2>
          <dl>
            <dt>Name</dt>
            <dd>{patientDisplayName(snapshot)}</dd>
            <dt>Born</dt>
            <dd>{formatDate(snapshot.patient.dateOfBirth)}</dd>
          </dl>
          <h2>Delivery</h2>
          <dl>
            <dt>Service</dt>
            <dd>{serviceName(snapshot.delivery.service)}</dd>
            <dt>To</dt>
            <dd>
              {snapshot.delivery.recipientName}
              <br />
              {[
                snapshot.delivery.address.line1,
                snapshot.delivery.address.line2,
                snapshot.delivery.address.city,
                snapshot.delivery.address.postcode
              ]
                .filter(Boolean)
                .join(', ')}
            </dd>
            {snapshot.delivery.instructions && (
              <>
                <dt>Instructions</dt>
                <dd>{snapshot.delivery.instructions}</dd>
              </>
            )}
          </dl>
          <ErrorBoundary what="The shipment" resetKey={row.stage}>
            <ShipmentSummary detail={detail} />
          </ErrorBoundary>
          {snapshot.payment && (
            <>
              <h2>Payment</h2>
              <dl>
                <dt>Status</dt>
                <dd>
                  {humanise(snapshot.payment.status)}
                  {snapshot.payment.payer ? ` by ${snapshot.payment.payer}` : ''}
                </dd>
              </dl>
            </>
          )}
        </section>
        <ErrorBoundary what="The timeline" resetKey={row.stage}>
          <Timeline detail={detail} />
        </ErrorBoundary>
      </div>
      <ErrorBoundary what="The label preview" resetKey={row.stage}>
        <LabelPreview requestId={id} />
      </ErrorBoundary>
    </main>
  )
}

/** What happened to the request, newest first, one sentence per step, with who and when. */
function Timeline({ detail }: { detail: Detail }): React.JSX.Element {
  return (
    <section aria-labelledby="timeline-title" className="timeline">
      <h2 id="timeline-title">Timeline</h2>
      <ol>
        {detail.timeline.map((entry) => (
          <li key={entry.seq}>
            <time>{formatDateTime(entry.at)}</time> {timelineSentence(entry.command)}
            {entry.actorName ? ` · ${entry.actorName}` : ''}
          </li>
        ))}
        {detail.snapshot.createdAt && (
          <li>
            <time>{formatDateTime(detail.snapshot.createdAt)}</time> Created at Phensys
          </li>
        )}
      </ol>
    </section>
  )
}
