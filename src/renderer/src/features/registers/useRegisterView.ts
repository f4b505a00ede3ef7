import { useEffect, useState } from 'react'
import type { CallResponse } from '@shared/errors'

/**
 * Loads a register view whenever what it depends on changes; only the latest answer counts,
 * since a person changing dates can make answers overtake each other.
 */
export function useRegisterView<T>(
  load: (() => Promise<CallResponse<T>>) | null,
  deps: readonly unknown[]
): { view: T | null; error: string | null; reload(): void } {
  const [view, setView] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [round, setRound] = useState(0)
  useEffect(() => {
    if (!load) return
    let latest = true
    void load().then((answer) => {
      if (!latest) return
      if (answer.ok) {
        setView(answer.value)
        setError(null)
      } else setError(answer.error.message)
    })
    return () => {
      latest = false
    }
    // The caller names what the load depends on.
  }, [...deps, round])
  return { view, error, reload: () => setRound((n) => n + 1) }
}
