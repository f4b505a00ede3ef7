import type { CallInput, CallName, CallResult } from '@shared/contract'
import { useCallQuery } from '../../api/queries'

/**
 * A register's view through the query layer: read again whenever what it is asked changes (the
 * answer to the latest question is the one shown), and when an event says its rows changed.
 * `input` null waits (nothing is asked yet).
 */
export function useRegisterView<N extends CallName>(
  name: N,
  input: CallInput<N> | null
): { view: CallResult<N> | null; error: string | null } {
  const query = useCallQuery(name, input ?? ({} as CallInput<N>), { enabled: input !== null })
  return { view: query.data ?? null, error: query.error?.message ?? null }
}
