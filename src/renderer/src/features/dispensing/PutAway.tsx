import { useCallQuery } from '../../api/queries'
import { formatDate } from '@shared/time/london'

/**
 * A request stopped at Phensys whose packs left their bag: the stock records took them back, a
 * person puts them where the records say (unlabelled on the shelf, labelled in quarantine, never
 * on the shelf). Shown on the request screen beside the word to stop work.
 */
export function PutAway({ requestId }: { requestId: string }): React.JSX.Element | null {
  const putAway = useCallQuery('dispensing.view', { id: requestId }).data?.putAway ?? []
  const words = (to: 'shelf' | 'quarantine') =>
    putAway
      .filter((item) => item.to === to)
      .map(({ pack }) => `${pack.packName}, batch ${pack.batchNo}, expiry ${formatDate(pack.expiry)}`)
  const shelf = words('shelf')
  const quarantine = words('quarantine')
  if (shelf.length === 0 && quarantine.length === 0) return null
  return (
    <div role="alert" className="put-away" aria-label="Put away">
      {shelf.length > 0 && <p>Put back on the shelf: {shelf.join('; ')}.</p>}
      {quarantine.length > 0 && (
        <p>Put in quarantine (labelled for this patient: never back on the shelf): {quarantine.join('; ')}.</p>
      )}
    </div>
  )
}
