import { useSession } from '../../session/session-store'

/** Header button to the scanner screen (pairing, recent scans); F7 anywhere. */
export function ScannerButton(): React.JSX.Element {
  const open = useSession((state) => state.open)
  return (
    <button onClick={() => open({ name: 'pairing' })} title="Scanner: pair and test (F7)">
      Scanner
    </button>
  )
}
