import { Component, type ErrorInfo, type ReactNode } from 'react'
import { useScope } from '../keymap/keymap'

interface Props {
  /** What this part of the counter is, in words: "The request screen", "Dispensing". */
  what: string
  /** A change here (another screen, another request) tries the part again. */
  resetKey?: string
  /** For a whole screen: where Escape goes from its failure (the screen's own keys failed with it). */
  back?: () => void
  children: ReactNode
}

/**
 * Keeps a failure where it happened: when one screen or panel cannot be drawn, it says what
 * failed and why, and the rest of the counter (header, keys, other screens) keeps working.
 * React offers error boundaries only as class components, so this one is written here rather
 * than taken from a library: it is the whole of what is needed.
 */
export class ErrorBoundary extends Component<Props, { error: Error | null; resetKey: string | undefined }> {
  override state = { error: null as Error | null, resetKey: this.props.resetKey }

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error }
  }

  static getDerivedStateFromProps(props: Props, state: { resetKey: string | undefined }) {
    return props.resetKey === state.resetKey ? null : { error: null, resetKey: props.resetKey }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`${this.props.what} failed`, error, info.componentStack)
  }

  override render(): ReactNode {
    const { error } = this.state
    if (!error) return this.props.children
    return (
      <Failure
        what={this.props.what}
        error={error}
        back={this.props.back}
        retry={() => this.setState({ error: null })}
      />
    )
  }
}

function Failure({
  what,
  error,
  back,
  retry
}: {
  what: string
  error: Error
  back: (() => void) | undefined
  retry: () => void
}): React.JSX.Element {
  useScope('failed', { keys: { back: () => back?.() ?? false } }, back !== undefined)
  return (
    <section className="panel-failed" role="alert" aria-label={`${what} failed`}>
      <h2>{what} cannot be shown</h2>
      <p>
        Something in it went wrong: <q>{error.message}</q>. The rest of the counter still works
        {back ? ': Escape goes back to the worklist, the F-keys to other screens.' : '.'}
      </p>
      <button onClick={retry}>Try again</button>
    </section>
  )
}
