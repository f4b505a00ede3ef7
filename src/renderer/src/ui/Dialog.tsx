import type { ReactNode } from 'react'
import { Dialog as AriaDialog, Modal, ModalOverlay } from 'react-aria-components'
import { useScope, type ScopeHandlers } from '../keymap/keymap'

/**
 * Every dialog of the counter: modal, focus kept inside while it is open and given back when it
 * closes, Escape closes it (react-aria-components does these). It opens the dialog scope, so the
 * screen's keys behind it are silent while it is open, and every scan comes to it: `scan` uses
 * one (a bag label, a tracking number); without it a scan is only shown, it never opens another
 * request behind the dialog.
 */
export function Dialog({
  label,
  onClose,
  wide = false,
  role = 'dialog',
  scan = () => true,
  children
}: {
  label: string
  onClose: () => void
  wide?: boolean
  role?: 'dialog' | 'alertdialog'
  scan?: ScopeHandlers['scan']
  children: ReactNode
}): React.JSX.Element {
  useScope('dialog', { keys: { close: onClose }, scan })
  return (
    <ModalOverlay isOpen isDismissable onOpenChange={(open) => !open && onClose()} className="modal-overlay">
      <Modal className={wide ? 'modal wide' : 'modal'}>
        <AriaDialog aria-label={label} role={role} className="dialog">
          {children}
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  )
}
