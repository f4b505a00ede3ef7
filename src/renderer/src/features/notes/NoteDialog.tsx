import { useState, type FormEvent } from 'react'
import { call } from '../../api/client'
import { Dialog } from '../../ui/Dialog'
import { ErrorLine, SubmitOrCancel } from '../../ui/FormParts'

/** A note on a request or on a patient: the counter's own, never sent to Phensys, audited. */
export function NoteDialog({
  subject,
  subjectId,
  about,
  onClose
}: {
  subject: 'request' | 'patient'
  subjectId: string
  /** Who or what it is about, in words. */
  about: string
  onClose: (added: boolean) => void
}): React.JSX.Element {
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const answer = await call('notes.add', { subject, subjectId, text })
    if (!answer.ok) return setError(answer.error.message)
    onClose(true)
  }

  return (
    <Dialog label="Add a note" onClose={() => onClose(false)}>
      <form onSubmit={(event) => void submit(event)}>
        <h2>Note on {about}</h2>
        <p className="hint">Internal: for the staff here, shown at hand-over. Never sent to Phensys.</p>
        <label>
          Note
          <textarea autoFocus value={text} onChange={(e) => setText(e.target.value)} rows={4} />
        </label>
        <ErrorLine>{error}</ErrorLine>
        <SubmitOrCancel submit="Add the note ⏎" onCancel={() => onClose(false)} />
      </form>
    </Dialog>
  )
}
