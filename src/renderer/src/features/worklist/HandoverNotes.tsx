import { useCallback, useEffect, useState } from 'react'
import type { StaffNoteView } from '../../../../shared/contract'
import { formatDateTime } from '../../../../shared/time/london'
import { call, onEvent } from '../../api/client'
import { useSession } from '../../session/session-store'

/** The notes of the last day on requests and patients: what the next person at the counter reads first. */
export function HandoverNotes(): React.JSX.Element | null {
  const open = useSession((state) => state.open)
  const [notes, setNotes] = useState<StaffNoteView[]>([])
  const load = useCallback(async () => {
    const answer = await call('notes.handover', {})
    if (answer.ok) setNotes(answer.value)
  }, [])
  useEffect(() => void load(), [load])
  useEffect(
    () =>
      onEvent((event) => {
        if (event.name === 'worklist.changed') void load()
      }),
    [load]
  )
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
