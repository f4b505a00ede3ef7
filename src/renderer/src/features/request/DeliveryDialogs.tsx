import { Dialog } from '../../ui/Dialog'
import { useEffect, useState, type FormEvent } from 'react'
import type { RequestDetail, ShipmentView } from '@shared/contract'
import { patientDisplayName } from '@shared/phensys/snapshot'
import { call } from '../../api/client'
import { refreshCall, useCallQuery } from '../../api/queries'
import { LabelImage } from '../labels/LabelImage'
import { useRp } from '../rp/rp-store'
import { GUARDS, TRANSITIONS } from '@shared/workflow/transitions'
import { ErrorLine, SubmitOrCancel } from '../../ui/FormParts'
import { formatDate } from '@shared/time/london'

type Close = (message: string | null) => void

/** Said before a person scans anything: main refuses a supply while no one is RP. */
function NoResponsiblePharmacist(): React.JSX.Element | null {
  const status = useRp((state) => state.status)
  if (!status || status.current) return null
  return (
    <p role="alert" className="warning">
      {GUARDS.responsiblePharmacist}
    </p>
  )
}

/** The request's shipment, through the query layer; reloaded when asked (a service chosen). */
function useShipment(id: string): [ShipmentView | null, string | null, () => void] {
  const shipment = useCallQuery('dispatch.shipment', { id })
  // A service chosen changes the shipment and the bag labels it lays out.
  const reload = () =>
    void Promise.all([refreshCall('dispatch.shipment', { id }), refreshCall('dispatch.packingPreview')])
  return [shipment.data ?? null, shipment.error?.message ?? null, reload]
}

/** Phensys named a service this pharmacy has not configured: a person picks one, with a reason. */
function ChooseService({ shipment, onChosen }: { shipment: ShipmentView; onChosen: () => void }): React.JSX.Element {
  const carriers = useCallQuery('dispatch.carriers', {}).data ?? null
  const [code, setCode] = useState('')
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)

  async function choose(): Promise<void> {
    const answer = await call('requests.chooseService', { id: shipment.requestId, code, reason })
    if (!answer.ok) return setError(answer.error.message)
    onChosen()
  }

  return (
    <fieldset className="choose-service">
      <legend>Phensys asked for “{shipment.requestedService}”, which is not a configured service</legend>
      <label>
        Send it by
        <select autoFocus value={code} onChange={(e) => setCode(e.target.value)}>
          <option value="">Choose a service…</option>
          {carriers?.services
            .filter((s) => s.enabled)
            .map((s) => (
              <option key={s.code} value={s.code}>
                {s.carrier} {s.service}
              </option>
            ))}
        </select>
      </label>
      <label>
        Why (recorded)
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="e.g. nearest equivalent to the patient's paid service"
        />
      </label>
      <ErrorLine>{error}</ErrorLine>
      <button type="button" disabled={!code || reason.trim().length < 3} onClick={() => void choose()}>
        Use this service
      </button>
    </fieldset>
  )
}

/** The bag labels and the dispatch note this packing will print, for the parcels chosen. */
function PackingPreview({ id, parcels }: { id: string; parcels: number }): React.JSX.Element | null {
  // Read again when the request changes, a service is chosen, or the label stock changes.
  const valid = Number.isInteger(parcels) && parcels >= 1 && parcels <= 20
  const labels = useCallQuery('dispatch.packingPreview', { id, parcels }, { enabled: valid }).data ?? null
  if (!labels) return null
  return (
    <div className="label-row" aria-label="Labels this will print">
      {labels.bag.map((preview, n) => (
        <LabelImage key={`bag-${n}`} preview={preview} alt={`Bag label ${n + 1}`} />
      ))}
      {labels.note.map((preview, n) => (
        <LabelImage key={`note-${n}`} preview={preview} alt={`Dispatch note ${n + 1}`} />
      ))}
    </div>
  )
}

/**
 * Which packs go in which parcel, as the packer says (dispensed pack ids per parcel): every pack in
 * one parcel and no parcel empty, or none said at all (then the registers cannot tell which packs
 * a parcel that comes back held, and a pharmacist corrects them). A refusal is said in words.
 */
function parcelContents(
  inHand: readonly number[],
  parcelOf: Record<number, number>,
  count: number
): number[][] | undefined | string {
  if (count === 1) return undefined
  const said = inHand.filter((pack) => (parcelOf[pack] ?? 0) >= 1 && parcelOf[pack]! <= count)
  if (said.length === 0) return undefined
  if (said.length < inHand.length) return 'Say the parcel of every pack, or of none.'
  const contents = Array.from({ length: count }, (_, n) => inHand.filter((pack) => parcelOf[pack] === n + 1))
  const empty = contents.findIndex((packs) => packs.length === 0)
  if (empty !== -1) return `Parcel ${empty + 1} has no pack in it: say fewer parcels, or put a pack in it.`
  return contents
}

/** A choice of parcel for each pack of the bag in the pharmacy. */
function ParcelContents({
  id,
  inHand,
  parcels,
  parcelOf,
  onChange
}: {
  id: string
  inHand: readonly number[]
  parcels: number
  parcelOf: Record<number, number>
  onChange: (parcelOf: Record<number, number>) => void
}): React.JSX.Element | null {
  const view = useCallQuery('dispensing.view', { id }).data ?? null
  if (!view || parcels > 20) return null
  const packs = view.lines.flatMap((line) => line.packs).filter((pack) => inHand.includes(pack.id))
  return (
    <fieldset>
      <legend>
        Which parcel is each pack in? (say it for every pack, so a parcel that comes back gives back its own)
      </legend>
      {packs.map((pack) => (
        <label key={pack.id}>
          {pack.packName} · batch <span className="mono">{pack.batchNo}</span>{' '}
          <select
            value={parcelOf[pack.id] ?? 0}
            onChange={(e) => onChange({ ...parcelOf, [pack.id]: Number(e.target.value) })}
          >
            <option value={0}>not said</option>
            {Array.from({ length: parcels }, (_, n) => (
              <option key={n + 1} value={n + 1}>
                parcel {n + 1}
              </option>
            ))}
          </select>
        </label>
      ))}
    </fieldset>
  )
}

/**
 * Pack (P): scan the request's bag (or request) label, say how many parcels, and the bag labels
 * and the dispatch note print. While it is open, scans come here rather than opening requests, so
 * a neighbour's bag is refused, not opened.
 */
export function PackDialog({ detail, onClose }: { detail: RequestDetail; onClose: Close }): React.JSX.Element {
  const id = detail.row.id
  const [shipment, loadError, reload] = useShipment(id)
  const [bagScan, setBagScan] = useState('')
  const [parcels, setParcels] = useState('1')
  const [parcelOf, setParcelOf] = useState<Record<number, number>>({})
  const [error, setError] = useState<string | null>(null)

  async function pack(bag: string): Promise<void> {
    const count = Number(parcels)
    if (!Number.isInteger(count) || count < 1 || count > 20)
      return setError('Enter a whole number of parcels, 1 to 20.')
    if (bag.trim() === '') return setError("Scan the request's bag label (or type what it says) first.")
    const contents = parcelContents(shipment?.packsInHand ?? [], parcelOf, count)
    if (typeof contents === 'string') return setError(contents)
    const answer = await call('requests.pack', {
      id,
      basedOnRevision: detail.row.revision,
      bagScan: bag.trim(),
      parcels: count,
      ...(contents ? { contents } : {})
    })
    if (!answer.ok) return setError(answer.error.message)
    onClose(
      `Packed in ${count} parcel${count === 1 ? '' : 's'}; the bag label${count === 1 ? '' : 's'} and the dispatch note are printing.`
    )
  }

  function submit(event: FormEvent): void {
    event.preventDefault()
    void pack(bagScan)
  }

  const unknown = shipment && !shipment.collect && shipment.service === null
  return (
    <Dialog
      label={TRANSITIONS.pack.label}
      onClose={() => onClose(null)}
      scan={(_scan, raw) => {
        // Any label scanned here is the bag being packed: main checks it is this request's. The
        // scan's own Enter packs it (with the parcels shown), as Enter would after typing it.
        setBagScan(raw)
        if (!unknown) void pack(raw)
        return true
      }}
    >
      <form onSubmit={submit}>
        <h2>{TRANSITIONS.pack.label}</h2>
        <ErrorLine>{loadError}</ErrorLine>
        {shipment && (
          <p>
            Goes by{' '}
            <strong>
              {shipment.collect
                ? 'collection from the pharmacy'
                : shipment.service
                  ? `${shipment.service.carrier} ${shipment.service.service}`
                  : 'a service still to choose'}
            </strong>
            {shipment.chosen && (
              <>
                {' '}
                (chosen by {shipment.chosen.by}: {shipment.chosen.reason})
              </>
            )}
          </p>
        )}
        {unknown && <ChooseService shipment={shipment} onChosen={reload} />}
        <label>
          Bag label (scan it, or type what it says)
          <input
            autoFocus={!unknown}
            value={bagScan}
            onChange={(e) => setBagScan(e.target.value)}
            placeholder={`PC-REQ:${id}`}
            aria-describedby="bag-hint"
          />
        </label>
        <small id="bag-hint">
          Scan this request's bag label, or a dispensing label on its packs: another request's is refused.
        </small>
        <label>
          Number of parcels
          <input type="number" min={1} max={20} value={parcels} onChange={(e) => setParcels(e.target.value)} />
        </label>
        {shipment && Number(parcels) > 1 && (
          <ParcelContents
            id={id}
            inHand={shipment.packsInHand}
            parcels={Number(parcels)}
            parcelOf={parcelOf}
            onChange={setParcelOf}
          />
        )}
        <ErrorLine>{error}</ErrorLine>
        {shipment && !unknown && <PackingPreview id={id} parcels={Number(parcels)} />}
        <button type="submit" disabled={Boolean(unknown)}>
          Pack and print ⏎
        </button>{' '}
        <button type="button" onClick={() => onClose(null)}>
          Cancel (Esc)
        </button>
      </form>
    </Dialog>
  )
}

/** Dispatch (X): one tracking number per parcel, scanned from the carrier's label or typed. */
export function DispatchDialog({ detail, onClose }: { detail: RequestDetail; onClose: Close }): React.JSX.Element {
  const id = detail.row.id
  const [shipment, loadError] = useShipment(id)
  const [tracking, setTracking] = useState<string[]>([])
  const [error, setError] = useState<string | null>(null)
  const count = shipment?.parcels ?? 1
  const tracked = shipment?.service?.tracking !== 'none'

  useEffect(() => setTracking((list) => Array.from({ length: count }, (_, n) => list[n] ?? '')), [count])

  async function dispatch(numbers: readonly string[]): Promise<void> {
    const trackingNumbers = tracked ? numbers.map((value) => value.trim()) : []
    const answer = await call('requests.dispatch', { id, basedOnRevision: detail.row.revision, trackingNumbers })
    if (!answer.ok) return setError(answer.error.message)
    onClose(
      `Dispatched with ${shipment?.service?.carrier ?? 'the carrier'}${trackingNumbers.length ? `, tracking ${trackingNumbers.join(', ')}` : ''}.`
    )
  }

  function submit(event: FormEvent): void {
    event.preventDefault()
    void dispatch(tracking)
  }

  return (
    <Dialog
      label={TRANSITIONS.dispatch.label}
      onClose={() => onClose(null)}
      scan={(scan) => {
        // A carrier label scanned while the dialog is open fills the next empty parcel; the scan
        // that fills the last one dispatches, as its Enter would in the field.
        const next = tracking.findIndex((value) => value.trim() === '')
        if (next === -1) return true
        const filled = tracking.map((value, n) => (n === next ? scan.classification.raw : value))
        setTracking(filled)
        if (filled.every((value) => value.trim() !== '')) void dispatch(filled)
        return true
      }}
    >
      <form onSubmit={submit}>
        <h2>{TRANSITIONS.dispatch.label}</h2>
        <NoResponsiblePharmacist />
        <ErrorLine>{loadError}</ErrorLine>
        {shipment?.service && (
          <p>
            {shipment.service.carrier} {shipment.service.service} · {count} parcel{count === 1 ? '' : 's'}
          </p>
        )}
        {tracked ? (
          tracking.map((value, n) => (
            <label key={n}>
              Parcel {n + 1} of {count}: tracking number (scan the carrier label)
              <input
                autoFocus={n === 0}
                value={value}
                onChange={(e) => setTracking((list) => list.map((v, i) => (i === n ? e.target.value : v)))}
              />
            </label>
          ))
        ) : (
          <p>This service has no tracking numbers.</p>
        )}
        <ErrorLine>{error}</ErrorLine>
        <button type="submit" autoFocus={!tracked}>
          Dispatch ⏎
        </button>{' '}
        <button type="button" onClick={() => onClose(null)}>
          Cancel (Esc)
        </button>
      </form>
    </Dialog>
  )
}

/** Hand over (O): who collected, and whether ID was asked for and seen. */
export function CollectDialog({ detail, onClose }: { detail: RequestDetail; onClose: Close }): React.JSX.Element {
  const [name, setName] = useState(patientDisplayName(detail.snapshot))
  const [relation, setRelation] = useState<'patient' | 'representative' | 'healthcare_professional'>('patient')
  const [address, setAddress] = useState('')
  const [idAsked, setIdAsked] = useState(false)
  const [idSeen, setIdSeen] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const controlled = detail.row.hasControlledDrug

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const answer = await call('requests.collect', {
      basedOnRevision: detail.row.revision,
      id: detail.row.id,
      collectedBy: {
        name,
        relation,
        ...(relation === 'healthcare_professional' && address.trim() ? { address } : {}),
        idAsked,
        idSeen: idAsked && idSeen
      }
    })
    if (!answer.ok) return setError(answer.error.message)
    onClose(`Handed over to ${name.trim()} (${relation.replace(/_/g, ' ')}); Phensys hears it was collected.`)
  }

  return (
    <Dialog label={TRANSITIONS.collect.label} onClose={() => onClose(null)}>
      <form onSubmit={(event) => void submit(event)}>
        <h2>{TRANSITIONS.collect.label}</h2>
        <NoResponsiblePharmacist />
        <label>
          Collected by
          <input autoFocus value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Who they are
          <select value={relation} onChange={(e) => setRelation(e.target.value as typeof relation)}>
            <option value="patient">The patient</option>
            <option value="representative">The patient's representative</option>
            <option value="healthcare_professional">A healthcare professional</option>
          </select>
        </label>
        {relation === 'healthcare_professional' && (
          <label>
            Their (work) address{controlled ? ' (the CD register needs it for a Schedule 2 drug)' : ''}
            <textarea value={address} onChange={(e) => setAddress(e.target.value)} rows={2} maxLength={300} />
          </label>
        )}
        {controlled && <p className="warning">Contains a controlled drug: ask for ID and record it.</p>}
        <label>
          <input type="checkbox" checked={idAsked} onChange={(e) => setIdAsked(e.target.checked)} /> ID asked for
        </label>
        <label>
          <input type="checkbox" checked={idSeen} disabled={!idAsked} onChange={(e) => setIdSeen(e.target.checked)} />{' '}
          ID seen
        </label>
        <ErrorLine>{error}</ErrorLine>
        <SubmitOrCancel submit="Hand over ⏎" onCancel={() => onClose(null)} />
      </form>
    </Dialog>
  )
}

/**
 * Returned to sender (N): what came back; Phensys hears it as an address query (cancelled or
 * rejected there: nothing). Where a parcel of an earlier dispatch is still out, it may be the one
 * back instead: chosen here, it is recorded as a carrier's line for it is.
 */
export function ReturnedDialog({ detail, onClose }: { detail: RequestDetail; onClose: Close }): React.JSX.Element {
  return <TableStepDialog detail={detail} outcome="returned" onClose={onClose} />
}

/**
 * Delivered (V) while the request is *dispatched* again with a parcel of an earlier dispatch still
 * out: the table's step (the last dispatch delivered, the request with it) or that earlier parcel
 * delivered after all (the carrier phones), chosen here as N chooses; an earlier one is recorded as
 * a carrier's line for it is, the stage as it is.
 */
export function DeliveredDialog({
  detail,
  parcels,
  onClose
}: {
  detail: RequestDetail
  /** The parcels as read when V was pressed: the choice is on screen from the start. */
  parcels: ShipmentView
  onClose: Close
}): React.JSX.Element {
  return <TableStepDialog detail={detail} outcome="delivered" known={parcels} onClose={onClose} />
}

/** The table's N or V, or a parcel of an earlier dispatch still out that came back or was delivered instead. */
function TableStepDialog({
  detail,
  outcome,
  known = null,
  onClose
}: {
  detail: RequestDetail
  outcome: 'returned' | 'delivered'
  /** The shipment already read, shown until the query layer has it. */
  known?: ShipmentView | null
  onClose: Close
}): React.JSX.Element {
  const [read] = useShipment(detail.row.id)
  const shipment = read ?? known
  const earlier = parcelChoices(shipment, false)
  const [chosen, setChosen] = useState(LAST_DISPATCH)
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const choice = earlier.find((parcel) => parcel.key === chosen)
  const returned = outcome === 'returned'
  const step = TRANSITIONS[returned ? 'markReturned' : 'markDelivered']

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    if (choice) {
      const answer = await (returned ? recordParcelBack : recordParcelDelivered)(detail.row.id, choice, note)
      if (!answer.ok) return setError(answer.error.message)
      void refreshCall('dispatch.shipment', { id: detail.row.id })
      return onClose(returned ? earlierBackWords(choice) : earlierDeliveredWords(choice))
    }
    const based = { id: detail.row.id, basedOnRevision: detail.row.revision }
    if (!returned) {
      // The last dispatch, as chosen in the list (main refuses V unsaid while an earlier parcel is out).
      const answer = await call('requests.markDelivered', earlier.length > 0 ? { ...based, lastDispatch: true } : based)
      if (!answer.ok) return setError(answer.error.message)
      return onClose('Marked delivered.')
    }
    const answer = await call('requests.markReturned', { ...based, note })
    if (!answer.ok) return setError(answer.error.message)
    const stage = answer.value.row.stage
    onClose(
      stage === 'cancelled' || stage === 'rejected'
        ? `Recorded as back. Phensys ${stage} the request and hears nothing more; with every parcel back its packs are in quarantine and the registers show the supply returned.`
        : 'Recorded as returned to sender; an address query went to Phensys, which will contact the patient.'
    )
  }

  return (
    <Dialog label={step.label} onClose={() => onClose(null)}>
      <form onSubmit={(event) => void submit(event)}>
        <h2>{step.label}</h2>
        {earlier.length > 0 && (
          <label>
            {returned ? 'Which parcel came back' : 'Which parcel was delivered'}
            <select autoFocus={!returned} value={chosen} onChange={(e) => setChosen(e.target.value)}>
              <option value={LAST_DISPATCH}>
                {lastDispatchWords(shipment)}
                {returned ? '' : ': the request delivered'}
              </option>
              {earlier.map((parcel) => (
                <option key={parcel.key} value={parcel.key}>
                  {parcel.words}
                </option>
              ))}
            </select>
          </label>
        )}
        {/* The last dispatch delivered is the table's step: nothing to say for it. */}
        {(returned || choice) && (
          <label>
            {returned
              ? 'What the carrier says (e.g. “addressee gone away”)'
              : 'What the carrier says (e.g. “phoned: left with neighbour at no. 16”)'}
            <input autoFocus={returned} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
        )}
        <ErrorLine>{error}</ErrorLine>
        <SubmitOrCancel submit="Record ⏎" onCancel={() => onClose(null)} />
      </form>
    </Dialog>
  )
}

const LAST_DISPATCH = 'last'

/** The parcels of the last dispatch not yet recorded delivered or returned. */
export function parcelsStillOut(shipment: ShipmentView | null): ShipmentView['parcelList'] {
  return (shipment?.parcelList ?? []).filter((parcel) => !parcel.earlier && parcel.outcome === null)
}

/** The parcels of earlier dispatches (the request sent again since) not yet recorded delivered or returned. */
export function earlierParcelsOut(shipment: ShipmentView | null): ShipmentView['parcelList'] {
  return (shipment?.parcelList ?? []).filter((parcel) => parcel.earlier && parcel.outcome === null)
}

/** A parcel a person may record: of the last dispatch, or of an earlier one (`dispatchedAt` names it). */
interface ParcelChoice {
  key: string
  parcelNo: number
  dispatchedAt: string | null
  words: string
}

/**
 * The parcels still out a person may say came back (or were delivered): the last dispatch's when
 * `lastToo`, then those of earlier dispatches, each named so they can be told apart (its tracking
 * number; an earlier one's dispatch date too).
 */
function parcelChoices(shipment: ShipmentView | null, lastToo: boolean): ParcelChoice[] {
  const list = shipment?.parcelList ?? []
  const of = (parcel: ShipmentView['parcelList'][number]) =>
    list.filter((p) => p.dispatchedAt === parcel.dispatchedAt).length
  const tracking = (parcel: ShipmentView['parcelList'][number]) =>
    parcel.trackingNumber ? `, tracking ${parcel.trackingNumber}` : ''
  const last = lastToo
    ? parcelsStillOut(shipment).map((parcel) => ({
        key: `last:${parcel.parcelNo}`,
        parcelNo: parcel.parcelNo,
        dispatchedAt: null,
        words: `Parcel ${parcel.parcelNo} of ${of(parcel)}${tracking(parcel)}`
      }))
    : []
  const earlier = earlierParcelsOut(shipment).map((parcel) => ({
    key: `${parcel.dispatchedAt}:${parcel.parcelNo}`,
    parcelNo: parcel.parcelNo,
    dispatchedAt: parcel.dispatchedAt,
    words: `Parcel ${parcel.parcelNo} of ${of(parcel)} of the earlier dispatch on ${formatDate(parcel.dispatchedAt)}${tracking(parcel)}`
  }))
  return [...last, ...earlier]
}

function lastDispatchWords(shipment: ShipmentView | null): string {
  const out = parcelsStillOut(shipment)
  const when = out[0] ? ` on ${formatDate(out[0].dispatchedAt)}` : ''
  const tracking = out.flatMap((parcel) => (parcel.trackingNumber ? [parcel.trackingNumber] : []))
  return `The last dispatch${when}${tracking.length > 0 ? `, tracking ${tracking.join(', ')}` : ''}`
}

function recordParcelBack(id: string, choice: ParcelChoice, note: string) {
  return call('requests.markParcelReturned', {
    id,
    parcel: choice.parcelNo,
    ...(choice.dispatchedAt ? { dispatchedAt: choice.dispatchedAt } : {}),
    note
  })
}

function recordParcelDelivered(id: string, choice: ParcelChoice, note: string) {
  return call('requests.markParcelDelivered', {
    id,
    parcel: choice.parcelNo,
    ...(choice.dispatchedAt ? { dispatchedAt: choice.dispatchedAt } : {}),
    note
  })
}

function earlierDeliveredWords(choice: ParcelChoice): string {
  return `${choice.words}: recorded as delivered. Its packs stay supplied by that dispatch; where packing did not say what was in it, a pharmacist is told the patient may have the same packs twice. Phensys hears nothing.`
}

function earlierBackWords(choice: ParcelChoice): string {
  return `${choice.words}: recorded as back. Its packs are back in the registers and go to quarantine; a pharmacist is told the patient is short them. Phensys hears nothing.`
}

/**
 * Another parcel back (N): of the dispatch returned to sender (Phensys already has the address
 * query), or of an earlier dispatch (the request sent again since); or, of either, delivered
 * after all (V, the carrier's word by phone). Recorded on the parcel. Every
 * parcel of a dispatch back reverses its supply in the registers.
 */
export function AnotherParcelDialog({
  detail,
  outcome,
  lastToo,
  onClose
}: {
  detail: RequestDetail
  outcome: 'returned' | 'delivered'
  /** The last dispatch's parcels are offered (it was returned to sender); earlier ones still out always. */
  lastToo: boolean
  onClose: Close
}): React.JSX.Element {
  const [shipment] = useShipment(detail.row.id)
  const choices = parcelChoices(shipment, lastToo)
  const [chosen, setChosen] = useState<string | null>(null)
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const choice = choices.find((c) => c.key === chosen) ?? choices[0] ?? null
  const title = `${lastToo ? 'Another parcel' : 'Parcel of an earlier dispatch'} ${outcome === 'returned' ? 'back' : 'delivered'}`

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    if (choice === null) return setError('Every parcel still out is already recorded.')
    const answer =
      outcome === 'returned'
        ? await recordParcelBack(detail.row.id, choice, note)
        : await recordParcelDelivered(detail.row.id, choice, note)
    if (!answer.ok) return setError(answer.error.message)
    void refreshCall('dispatch.shipment', { id: detail.row.id })
    if (choice.dispatchedAt)
      return onClose(outcome === 'returned' ? earlierBackWords(choice) : earlierDeliveredWords(choice))
    const last = parcelsStillOut(answer.value)
    const every = answer.value.parcelList.filter((p) => !p.earlier)
    onClose(
      every.length > 0 && every.every((p) => p.outcome === 'returned')
        ? 'Every parcel is back: the registers record the whole supply as returned.'
        : `Parcel ${choice.parcelNo} recorded as ${outcome}; ${last.length} still out.`
    )
  }

  return (
    <Dialog label={title} onClose={() => onClose(null)}>
      <form onSubmit={(event) => void submit(event)}>
        <h2>{title}</h2>
        <label>
          Which parcel
          <select value={choice?.key ?? ''} onChange={(e) => setChosen(e.target.value)}>
            {choices.map((c) => (
              <option key={c.key} value={c.key}>
                {c.words}
              </option>
            ))}
          </select>
        </label>
        <label>
          {outcome === 'returned'
            ? 'What the carrier says (e.g. “addressee gone away”)'
            : 'What the carrier says (e.g. “phoned: left with neighbour at no. 16”)'}
          <input autoFocus value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <ErrorLine>{error}</ErrorLine>
        <SubmitOrCancel submit="Record ⏎" onCancel={() => onClose(null)} />
      </form>
    </Dialog>
  )
}
