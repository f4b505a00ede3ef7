import { useCallback, useEffect, useRef, useState } from 'react'
import type { RequestDetail } from '@shared/contract'
import type { DispensingLineView, DispensingView, RescanFeedback } from '@shared/contract/dispensing-views'
import type { ScanView } from '@shared/contract/device-views'
import { makeVisible } from '@shared/scan/visible'
import { availableCommands } from '@shared/workflow/transitions'
import type { Stage } from '@shared/workflow/stages'
import { call } from '../../api/client'
import { queryClient, refreshCall, useCallQuery } from '../../api/queries'
import { useScope } from '../../keymap/keymap'
import { useSession } from '../../session/session-store'
import { useAccuracyCheck } from './accuracy-store'
import { AccuracyCheck } from './AccuracyCheck'
import { playScanSound } from './scan-sounds'
import { formatDate, formatDateTime } from '@shared/time/london'
import { formatQuantity } from '@shared/stock/units'

/** Stages in which the packs picked for the request are shown. */
const DISPENSING_STAGES: readonly Stage[] = [
  'ready_to_dispense',
  'dispensing',
  'labelled',
  'accuracy_checked',
  'packed',
  'dispatched',
  'delivered'
]

interface Refusal {
  message: string
  scanned: string
  expected: string | null
}

function refusalFrom(error: { message: string; details?: unknown }, raw: string): Refusal {
  const details = (error.details ?? {}) as { scanned?: unknown; expected?: unknown }
  return {
    message: error.message,
    scanned: typeof details.scanned === 'string' ? details.scanned : makeVisible(raw),
    expected: typeof details.expected === 'string' ? details.expected : null
  }
}

function isPackScan(scan: ScanView): boolean {
  return scan.pack !== null || scan.classification.kind === 'gs1' || scan.classification.kind === 'gtin'
}

/** A dispensing label stuck on a pack: its barcode names the pack. */
function isPackLabelScan(scan: ScanView): boolean {
  return scan.classification.kind === 'request-label' && scan.classification.packId !== undefined
}

/** The line a pack scan goes to: the selected one, else the first incomplete line of the same product, else the first incomplete. */
function lineFor(view: DispensingView, scan: ScanView, selected: string | null): DispensingLineView | null {
  const chosen = view.lines.find((line) => line.lineId === selected)
  if (chosen) return chosen
  const open = view.lines.filter((line) => !line.complete)
  const product = scan.pack?.product
  const same = product ? open.find((line) => line.dmdId === product.dmdId || line.dmdId === product.vmpId) : undefined
  return same ?? open[0] ?? null
}

/**
 * The packs of a request: per line, what was prescribed and every pack scanned for it. A pack
 * scanned on a request ready to dispense, or dispensing, is checked against a line by main (the
 * first one starts dispensing); a refusal is shown big, and only Escape or a click dismisses it.
 * Where this person may accuracy-check it, a pack or its label scanned is a re-scan: main judges
 * each at once, and the last one records the check.
 */
export function DispensingPanel({
  detail,
  openedBy
}: {
  detail: RequestDetail
  openedBy: string | null
}): React.JSX.Element | null {
  const id = detail.row.id
  const stage = detail.row.stage
  const roles = useSession((state) => state.session?.user.roles ?? [])
  const offered = availableCommands(stage, roles)
  const mayDispense = stage === 'dispensing' || offered.includes('startDispensing')
  const mayCheck = offered.includes('accuracyCheck')
  const viewQuery = useCallQuery('dispensing.view', { id })
  const view = viewQuery.data ?? null
  const error = viewQuery.error?.message ?? null
  const [selected, setSelected] = useState<string | null>(null)
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const [lastOk, setLastOk] = useState<string | null>(null)
  const accuracyFor = useAccuracyCheck((state) => state.requestId)
  const openAccuracy = useAccuracyCheck((state) => state.open)
  const closeAccuracy = useAccuracyCheck((state) => state.close)
  const accuracyOpen = accuracyFor === id && mayCheck
  const [feedback, setFeedback] = useState<RescanFeedback | null>(null)
  /** How many re-scans main has answered since the check opened (tests wait on it, people need not). */
  const [judged, setJudged] = useState(0)
  const [accuracyError, setAccuracyError] = useState<string | null>(null)
  const openingScan = useRef(openedBy)
  // A pack scanned before the request's lines have arrived waits for them, in order, rather than
  // falling through to the scan list as if it were not for this request.
  const scannedWhileLoading = useRef<Array<{ scan: ScanView; raw: string }>>([])

  const load = useCallback(() => refreshCall('dispensing.view', { id }), [id])

  // How many labels the print step will send: one set per pack, a set longer where the directions
  // continue. Read again as each scan changes the request, or the label stock changes.
  const preview = useCallQuery('labels.preview', { requestId: id }, { enabled: stage === 'dispensing' && !!view })
  const labelCount = preview.data
    ? { labels: preview.data.dispensing.length, sets: preview.data.sets }
    : preview.error
      ? { error: preview.error.message }
      : null
  useEffect(() => {
    if (!accuracyOpen) {
      setFeedback(null)
      setJudged(0)
      setAccuracyError(null)
    }
  }, [accuracyOpen])
  useEffect(() => () => closeAccuracy(), [closeAccuracy])

  /** One re-scan, judged by main at once; the first opens the check, the last records it. */
  const rescan = useCallback(
    (raw: string): boolean => {
      openAccuracy(id)
      setAccuracyError(null)
      void call('dispensing.rescan', { id, raw }).then((answer) => {
        setJudged((n) => n + 1)
        if (!answer.ok) {
          playScanSound('refused')
          return setAccuracyError(answer.error.message)
        }
        playScanSound(answer.value.outcome)
        setFeedback(answer.value)
        if (answer.value.recorded) {
          closeAccuracy()
          setLastOk(
            answer.value.selfCheck
              ? 'Accuracy check recorded, marked as a self-check.'
              : 'Accuracy check recorded: every pack re-scanned.'
          )
          void load()
        }
      })
      return true
    },
    [id, openAccuracy, closeAccuracy, load]
  )

  // The dispensing label that opened this request is the checker's first re-scan.
  useEffect(() => {
    const raw = openingScan.current
    if (raw === null || !view) return
    openingScan.current = null
    if (mayCheck) rescan(raw)
  }, [view, mayCheck, rescan])

  function stopChecking(): void {
    closeAccuracy()
    void call('dispensing.clearRescans', { id })
  }

  /**
   * A pack scanned where this person may neither dispense nor check (a request held by a query,
   * stopped, or labelled already): main refuses it in words true of the stage, shown as any refusal.
   */
  function refuseHeldScan(scan: ScanView, raw: string): boolean {
    const anyLine = view?.lines[0]
    if (mayDispense || mayCheck || !anyLine || !isPackScan(scan)) return false
    void call('dispensing.scanPack', { id, lineId: anyLine.lineId, raw }).then((answer) => {
      if (!answer.ok) setRefusal(refusalFrom(answer.error, raw))
    })
    return true
  }

  /** A pack scanned while dispensing: main checks it against a line; a refusal is shown big. */
  function dispensePack(scan: ScanView, raw: string): boolean {
    if (!mayDispense || !isPackScan(scan)) return false
    if (!view) {
      scannedWhileLoading.current.push({ scan, raw })
      return true
    }
    const line = lineFor(view, scan, selected)
    if (!line) {
      setRefusal({
        message: 'Every line is complete: no more packs are needed.',
        scanned: scan.pack?.name ?? makeVisible(raw),
        expected: 'no more packs'
      })
      return true
    }
    void call('dispensing.scanPack', { id, lineId: line.lineId, raw }).then((answer) => {
      if (answer.ok) {
        queryClient.setQueryData(['dispensing.view', { id }], answer.value)
        setRefusal(null)
        const updated = answer.value.lines.find((candidate) => candidate.lineId === line.lineId)
        setLastOk(`Line ${line.lineId}: ${updated?.summary ?? 'pack recorded'}`)
        if (updated?.complete && selected === line.lineId) setSelected(null)
      } else {
        setLastOk(null)
        setRefusal(refusalFrom(answer.error, raw))
      }
    })
    return true
  }

  // The packs scanned while the lines were loading go to them now, in the order they were scanned.
  useEffect(() => {
    if (!view || scannedWhileLoading.current.length === 0) return
    const waiting = scannedWhileLoading.current.splice(0)
    for (const { scan, raw } of waiting) dispensePack(scan, raw)
  })

  /** While this person may check it, a pack or a dispensing label scanned here is a re-scan. */
  function checkScan(scan: ScanView, raw: string): boolean {
    if (!mayCheck || (!isPackScan(scan) && !isPackLabelScan(scan))) return false
    return rescan(raw)
  }

  function selectLine(delta: 1 | -1): boolean {
    if (stage !== 'dispensing' || !view) return false
    const ids = view.lines.map((line) => line.lineId)
    const at = selected === null ? -1 : ids.indexOf(selected)
    const next = delta === 1 ? Math.min(ids.length - 1, at + 1) : at - 1
    setSelected(next < 0 ? null : ids[next]!)
    return true
  }

  // Pack scans go to the request's lines; ↑/↓ select a line for the next scan.
  useScope('request', {
    keys: { 'line.next': () => selectLine(1), 'line.previous': () => selectLine(-1) },
    scan: (scan, raw) => dispensePack(scan, raw) || checkScan(scan, raw) || refuseHeldScan(scan, raw)
  })
  // While re-scanning, every scan is part of the check (a label too: it is not a request to open).
  useScope(
    'accuracyCheck',
    { keys: { close: stopChecking }, scan: (scan, raw) => checkScan(scan, raw) || true },
    accuracyOpen
  )
  // A refusal holds the screen until Escape (Enter alone never dismisses it); the next pack scan is still read.
  useScope(
    'scanRefused',
    { keys: { dismiss: () => setRefusal(null), hold: () => undefined }, scan: dispensePack },
    refusal !== null
  )

  if (!DISPENSING_STAGES.includes(stage))
    return refusal ? (
      <section className="dispensing">
        <ScanRefusal refusal={refusal} onDismiss={() => setRefusal(null)} />
      </section>
    ) : null
  if (error)
    return (
      <section className="dispensing">
        <p role="alert" className="error">
          Packs cannot be shown: {error}
        </p>
      </section>
    )
  if (!view)
    return (
      <section className="dispensing">
        <p>Loading packs…</p>
      </section>
    )

  return (
    <section className="dispensing" aria-label="Dispensing">
      <h2>Packs {view.complete ? '· every line complete' : '· scan every pack'}</h2>
      {stage === 'dispensing' && (
        <p className="hint">
          Scan each pack: it goes to the first incomplete line of its product
          {selected ? `, or to the selected line ${selected}` : ''}. ↑/↓ select a line.
        </p>
      )}
      {stage === 'dispensing' && labelCount && (
        <p className="label-count" data-testid="label-count" role={'error' in labelCount ? 'alert' : undefined}>
          {'error' in labelCount
            ? `Labels cannot be laid out: ${labelCount.error}`
            : `Print labels (L): ${labelCount.labels} label${labelCount.labels === 1 ? '' : 's'} will print, ${labelCount.sets} set${labelCount.sets === 1 ? '' : 's'}${view.complete ? ', one per pack' : ' so far (one per pack once every pack is scanned)'}.`}
        </p>
      )}
      {lastOk && !refusal && (
        <p role="status" className="scan-ok">
          ✓ {lastOk}
        </p>
      )}
      <table className="dispensing-lines" aria-label="Lines and packs">
        <thead>
          <tr>
            <th>Line</th>
            <th>Prescribed</th>
            <th>Packs scanned</th>
            <th>Count</th>
          </tr>
        </thead>
        <tbody>
          {view.lines.map((line) => (
            <tr
              key={line.lineId}
              data-line-id={line.lineId}
              aria-selected={selected === line.lineId}
              className={`${line.complete ? 'complete' : 'incomplete'}${selected === line.lineId ? ' selected' : ''}`}
            >
              <td>{line.lineId}</td>
              <td>
                {line.productName}
                <br />
                <small>{formatQuantity(line.prescribed.quantity, line.prescribed.unit)}</small>
              </td>
              <td>
                {line.packs.length === 0 ? (
                  <em>none yet</em>
                ) : (
                  <ul className="packs">
                    {line.packs.map((pack) => (
                      <li key={pack.id}>
                        {pack.packName} · batch <span className="mono">{pack.batchNo}</span> · expiry{' '}
                        {formatDate(pack.expiry)}
                        {pack.serial ? (
                          <>
                            {' '}
                            · serial <span className="mono">{pack.serial}</span>
                          </>
                        ) : null}
                        {pack.rescannedBy ? <> · re-scanned by {pack.rescannedBy}</> : null}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td className="line-state">
                {line.complete ? '✓ ' : ''}
                {line.summary}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="checks">
        {view.checks.labelledAt && (
          <>
            <dt>Labelled</dt>
            <dd>
              {formatDateTime(view.checks.labelledAt)}
              {view.checks.labelsRequestedBy ? ` · ${view.checks.labelsRequestedBy}` : ''}
            </dd>
          </>
        )}
        {view.checks.accuracyCheckBy && (
          <>
            <dt>Accuracy check</dt>
            <dd>
              {view.checks.accuracyCheckBy}
              {view.checks.selfCheck ? ' (self-check, allowed by the administrator)' : ''}
            </dd>
          </>
        )}
      </dl>
      {accuracyOpen && (
        <AccuracyCheck
          judged={judged}
          feedback={feedback}
          error={accuracyError}
          packsInBag={view.lines.reduce(
            (sum, line) => sum + line.packs.filter((pack) => pack.state === 'assembled').length,
            0
          )}
        />
      )}
      {refusal && <ScanRefusal refusal={refusal} onDismiss={() => setRefusal(null)} />}
    </section>
  )
}

/** A refused scan, big: what main said, what was scanned and what was expected; Escape or a click dismisses it. */
function ScanRefusal({ refusal, onDismiss }: { refusal: Refusal; onDismiss: () => void }): React.JSX.Element {
  return (
    <div className="scan-refusal" role="alertdialog" aria-label="Scan refused">
      <p className="refusal-headline">✗ Refused</p>
      <p className="refusal-message">{refusal.message}</p>
      <dl>
        <dt>Scanned</dt>
        <dd className="refusal-scanned">{refusal.scanned}</dd>
        {refusal.expected && (
          <>
            <dt>Expected</dt>
            <dd className="refusal-expected">{refusal.expected}</dd>
          </>
        )}
      </dl>
      <button type="button" tabIndex={-1} onClick={onDismiss}>
        Dismiss (Esc)
      </button>
    </div>
  )
}
