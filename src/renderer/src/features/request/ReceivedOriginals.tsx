import { useCallQuery } from '../../api/queries'
import { receivedOriginalLine } from './received-originals'

/** The originals received for the request, one line each; nothing while none came. */
export function ReceivedOriginals({ id }: { id: string }): React.JSX.Element | null {
  const receipts = useCallQuery('hardCopies.forRequest', { id }).data ?? []
  if (receipts.length === 0) return null
  return (
    <>
      {receipts.map((receipt) => (
        <div key={receipt.id}>{receivedOriginalLine(receipt)}</div>
      ))}
    </>
  )
}
