import { useSession } from '../../session/session-store'

/** Who sees the Devices screen: pharmacists and administrators. */
function mayOpenDevices(roles: readonly string[]): boolean {
  return roles.includes('pharmacist') || roles.includes('administrator')
}

/** Header button to the Devices screen (scanners, label printer, print queue); F8 anywhere. */
export function DevicesButton(): React.JSX.Element | null {
  const open = useSession((state) => state.open)
  const allowed = useSession((state) => mayOpenDevices(state.session?.user.roles ?? []))
  if (!allowed) return null
  return (
    <button onClick={() => open({ name: 'devices' })} title="Devices: scanners, label printer, print queue (F8)">
      Devices
    </button>
  )
}
