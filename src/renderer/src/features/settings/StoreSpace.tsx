import { useState } from 'react'
import { call } from '../../api/client'
import { queryClient, useCallQuery } from '../../api/queries'

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`
}

/**
 * Administrator: how big the store is, and compacting it on demand. Space freed inside the store
 * (events that no longer keep a copy of the request, printed labels kept deflated) is reused by
 * new records; compacting gives it back to the disk. Never done at start: the counter waits while
 * it runs.
 */
export function StoreSpace(): React.JSX.Element {
  const read = useCallQuery('store.space', {})
  const space = read.data ?? null
  const [said, setMessage] = useState<string | null>(null)
  const message = said ?? read.error?.message ?? null
  const [busy, setBusy] = useState(false)

  async function compact(): Promise<void> {
    setBusy(true)
    setMessage('Compacting the store: the counter waits until it is done…')
    const before = space
    const answer = await call('store.compact', {})
    setBusy(false)
    if (!answer.ok) return setMessage(answer.error.message)
    queryClient.setQueryData(['store.space', {}], answer.value)
    setMessage(
      `Compacted: ${megabytes(answer.value.fileBytes)} now${before ? `, ${megabytes(before.fileBytes)} before` : ''}.`
    )
  }

  return (
    <section aria-labelledby="store-space-title">
      <h2 id="store-space-title">The store on this workstation</h2>
      {space && (
        <p>
          {megabytes(space.fileBytes)} on disk, of which {megabytes(space.freeBytes)} is free space that compacting
          gives back.
        </p>
      )}
      <button type="button" disabled={busy || !space || space.freeBytes === 0} onClick={() => void compact()}>
        Compact the store now
      </button>
      {message && <p role="status">{message}</p>}
    </section>
  )
}
