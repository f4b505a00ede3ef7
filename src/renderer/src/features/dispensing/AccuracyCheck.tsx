import type { RescanFeedback, RescannedPackView } from '@shared/contract/dispensing-views'
import { formatDate } from '@shared/time/london'
import { ErrorLine } from '../../ui/FormParts'

/** A pack as the checker compares it with the one in hand: product, batch, expiry. */
function PackLine({ pack }: { pack: RescannedPackView }): React.JSX.Element {
  return (
    <>
      {pack.packName} · batch <span className="mono">{pack.batchNo}</span> · expiry {formatDate(pack.expiry)}
    </>
  )
}

/**
 * The accuracy check as it goes: each re-scan judged by main at once, the pack it named with a
 * tick, or a refusal that is not kept (nothing to remove by hand). The re-scan that completes the
 * bag records the check; Escape stops and forgets the re-scans.
 */
export function AccuracyCheck({
  judged,
  feedback,
  packsInBag,
  error
}: {
  judged: number
  feedback: RescanFeedback | null
  packsInBag: number
  error: string | null
}): React.JSX.Element {
  const matched = feedback?.matched ?? []
  const total = feedback?.total ?? packsInBag
  return (
    <div className="accuracy-mode" role="region" aria-label="Accuracy check" data-judged={judged}>
      <h3>Accuracy check: scan the dispensing label on each pack</h3>
      <p className="hint">
        Where the bag holds packs whose labels differ, scan the pack first, then the label on it. Esc stops checking.
      </p>
      <p data-testid="rescan-progress">
        {matched.length} of {total} pack{total === 1 ? '' : 's'} re-scanned
        {feedback?.selfCheck ? ' · a self-check, allowed by the administrator: it is recorded as one' : ''}
      </p>
      <ol className="rescans" aria-label="Re-scanned packs">
        {matched.map((pack) => (
          <li key={pack.id} className="rescan-ok">
            <span aria-hidden="true">✓</span> <PackLine pack={pack} />
          </li>
        ))}
        {feedback?.awaitingLabelFor && (
          <li className="rescan-waiting">
            … <PackLine pack={feedback.awaitingLabelFor} />: now scan the label on it
          </li>
        )}
      </ol>
      {feedback && (
        <p
          role={feedback.outcome === 'refused' ? 'alert' : 'status'}
          className={feedback.outcome === 'refused' ? 'rescan-refused error' : 'rescan-accepted'}
        >
          {feedback.outcome === 'refused' ? '✗ Refused, not kept: ' : '✓ '}
          {feedback.pack && feedback.outcome === 'accepted' ? (
            <>
              <PackLine pack={feedback.pack} />.{' '}
            </>
          ) : null}
          {feedback.message}
        </p>
      )}
      <ErrorLine>{error}</ErrorLine>
    </div>
  )
}
