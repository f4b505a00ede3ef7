import { formatDateTime } from '@shared/time/london'
import { useCallQuery } from '../../api/queries'
import { useSession } from '../../session/session-store'
import { useFirstScreen } from '../../session/first-screen'

/** The notes of the last day on requests and patients: what the next person at the counter reads first. */
export function HandoverNotes(): React.JSX.Element | null {
  const open = useSession((state) => state.open)
  // Read once the list's first page is on screen: the list comes first (see first-screen.ts).
  const notes = useCallQuery('notes.handover', {}, { enabled: useFirstScreen((state) => state.drawn) }).data ?? []
  if (notes.length === 0) return null
  return (
    <details className="handover" open>
      <summary>Hand-over notes of the last day ({notes.length})</summary>
      <ul>
        {notes.map((note) => (
          <li key={note.id}>
            <time>{formatDateTime(note.at)}</time>{' '}
            <button
              className="link"
              onClick={() =>
                open(
                  note.subject === 'request'
                    ? { name: 'request', id: note.subjectId }
                    : { name: 'patient', patientId: note.subjectId }
                )
              }
            >
              {note.about}
            </button>
            : {note.text} · {note.by}
          </li>
        ))}
      </ul>
    </details>
  )
}
