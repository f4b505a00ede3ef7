import { Fragment } from 'react'
import type { RequestDetail } from '@shared/contract'
import { useCallQuery } from '../../api/queries'
import { formatDateTime } from '@shared/time/london'

/** How the request goes (or went): the service, parcels, tracking numbers and what became of them. */
export function ShipmentSummary({ detail }: { detail: RequestDetail }): React.JSX.Element | null {
  // Read again whenever the request changes (the query layer's events).
  const shipment = useCallQuery('dispatch.shipment', { id: detail.row.id }).data
  if (!shipment) return null

  return (
    <dl aria-label="Shipment">
      <dt>Goes by</dt>
      <dd>
        {shipment.collect ? (
          'Collection from the pharmacy'
        ) : shipment.service ? (
          `${shipment.service.carrier} ${shipment.service.service}`
        ) : (
          <strong className="warning">
            “{shipment.requestedService}” is not a configured service: choose one when packing
          </strong>
        )}
        {shipment.chosen && (
          <>
            {' '}
            · chosen by {shipment.chosen.by} ({shipment.chosen.reason})
          </>
        )}
      </dd>
      {shipment.packedAt && (
        <>
          <dt>Packed</dt>
          <dd>
            {formatDateTime(shipment.packedAt)} by {shipment.packedBy} · {shipment.parcels} parcel
            {shipment.parcels === 1 ? '' : 's'}
          </dd>
        </>
      )}
      {shipment.dispatchedAt && !shipment.collectedBy && (
        <>
          <dt>Dispatched</dt>
          <dd>
            {formatDateTime(shipment.dispatchedAt)} by {shipment.dispatchedBy}
          </dd>
        </>
      )}
      {shipment.parcelList.map((parcel) => (
        <Fragment key={parcel.parcelNo}>
          <dt>Parcel {parcel.parcelNo}</dt>
          <dd>
            <span className="mono">{parcel.trackingNumber ?? 'untracked'}</span>
            {parcel.outcome && (
              <>
                {' '}
                · {parcel.outcome} {parcel.outcomeAt ? formatDateTime(parcel.outcomeAt) : ''}
                {parcel.outcomeNote ? ` (${parcel.outcomeNote})` : ''}
              </>
            )}
          </dd>
        </Fragment>
      ))}
      {shipment.collectedBy && (
        <>
          <dt>Collected</dt>
          <dd>
            {shipment.dispatchedAt ? formatDateTime(shipment.dispatchedAt) : ''} by {shipment.collectedBy.name} (
            {shipment.collectedBy.relation.replace(/_/g, ' ')}) · ID{' '}
            {shipment.collectedBy.idAsked
              ? shipment.collectedBy.idSeen
                ? 'asked for and seen'
                : 'asked for, not seen'
              : 'not asked for'}
          </dd>
        </>
      )}
    </dl>
  )
}
