import type { ReactNode } from 'react'

/** A form's or a panel's error, read out as it appears; nothing when there is none. */
export function ErrorLine({ children }: { children: ReactNode }): React.JSX.Element | null {
  if (children === null || children === undefined || children === false || children === '') return null
  return (
    <p role="alert" className="error">
      {children}
    </p>
  )
}

/** A dialog's two buttons: its action on Enter, and Cancel (Escape closes the dialog too). */
export function SubmitOrCancel({ submit, onCancel }: { submit: ReactNode; onCancel: () => void }): React.JSX.Element {
  return (
    <>
      <button type="submit">{submit}</button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel (Esc)
      </button>
    </>
  )
}
