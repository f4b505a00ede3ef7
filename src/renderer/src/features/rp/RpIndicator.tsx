import { useEffect } from 'react'
import { useSession } from '../../session/session-store'
import { minutesSince } from './rp-format'
import { useRp } from './rp-store'
import { useNow } from './useNow'
import './rp.css'
import { formatTime } from '@shared/time/london'

/**
 * Always in the header: who is Responsible Pharmacist and since when, that they are away, or a
 * warning that no one is. F2 (or a click) opens the RP panel.
 */
export function RpIndicator(): React.JSX.Element | null {
  const { status, load } = useRp()
  const open = useSession((state) => state.open)
  const now = useNow()
  useEffect(() => {
    void load()
    // Main judges the 2-hour absence limit: ask again now and then, as an absence can pass it with no event.
    const timer = setInterval(() => void load(), 60_000)
    return () => clearInterval(timer)
  }, [load])
  if (!status) return null

  const { current, absentSince, absenceWarning } = status
  const tone = !current ? 'none' : absentSince || absenceWarning ? 'absent' : 'present'
  const text = !current
    ? 'No Responsible Pharmacist signed in'
    : absentSince
      ? `RP absent since ${formatTime(absentSince)} (${minutesSince(absentSince, now)})`
      : `RP: ${current.pharmacistName} · GPhC ${current.gphcNumber} · since ${formatTime(current.startedAt)}`
  return (
    <button
      className={`rp-indicator ${tone}`}
      data-testid="rp-indicator"
      onClick={() => open({ name: 'rp' })}
      title={
        absenceWarning ??
        (current ? `${current.pharmacistName} is Responsible Pharmacist` : 'Sign in as Responsible Pharmacist')
      }
    >
      {!current && <span aria-hidden="true">⚠ </span>}
      <span>{text}</span>
      <kbd>F2</kbd>
    </button>
  )
}
