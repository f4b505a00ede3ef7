import { create } from 'zustand'

/** The longest the header's calls wait for the first screen, whatever becomes of it. */
const LONGEST_WAIT_MS = 2_000

/**
 * What a person signs in for is drawn first. While the worklist's first page is on its way, the
 * calls the screen around it makes (Phensys' state, the Responsible Pharmacist, the store's check,
 * the scanner's settings, the hand-over notes) wait until that page is on screen: sent at the same
 * moment they shared the connections and main's thread with it, and their answers, each redrawing
 * the header, held up its drawing. Nothing waits when no first page is on its way.
 */
export const useFirstScreen = create<{ drawn: boolean }>(() => ({ drawn: true }))

/** A first page is on its way; the function returned says it was drawn (or failed). */
export function firstScreenComing(): () => void {
  useFirstScreen.setState({ drawn: false })
  let done = false
  const drawn = (): void => {
    if (done) return
    done = true
    useFirstScreen.setState({ drawn: true })
  }
  setTimeout(drawn, LONGEST_WAIT_MS)
  // Drawn at the end of the frame that shows it, not when it is handed to React.
  return () => requestAnimationFrame(() => setTimeout(drawn))
}

/** Resolves once no first screen is on its way. */
export function afterFirstScreen(): Promise<void> {
  if (useFirstScreen.getState().drawn) return Promise.resolve()
  return new Promise((resolve) => {
    const stop = useFirstScreen.subscribe(({ drawn }) => {
      if (!drawn) return
      stop()
      resolve()
    })
  })
}
