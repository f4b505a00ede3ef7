import { useEffect } from 'react'
import { useSession } from '../../session/session-store'

/** Header button to the scanner screen (pairing, recent scans); F7 anywhere. */
export function ScannerButton(): React.JSX.Element {
  const open = useSession((state) => state.open)
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'F7') {
        event.preventDefault()
        open({ name: 'pairing' })
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [open])
  return (
    <button onClick={() => open({ name: 'pairing' })} title="Scanner: pair and test (F7)">
      Scanner
    </button>
  )
}
