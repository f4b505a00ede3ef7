import type { StaffNoteView } from '@shared/contract'
import { formatDateTime } from '@shared/time/london'

/** Staff notes, oldest first, each with who wrote it and when. */
export function NotesList({ notes, empty }: { notes: readonly StaffNoteView[]; empty: string }): React.JSX.Element {
  if (notes.length === 0) return <p className="empty">{empty}</p>
  return (
    <ul className="notes-list">
      {notes.map((note) => (
        <li key={note.id}>
          <time>{formatDateTime(note.at)}</time> {note.by}: {note.text}
        </li>
      ))}
    </ul>
  )
}
