/**
 * The one query layer: what a screen shows from main is read with `useCallQuery(call, input)`,
 * cached by the call and its input, and read again only when an event says it changed (never on
 * focus; on a timer only where no event can tell, as for the trainer's list of requests). A screen no longer keeps its own load effect and event listener.
 *
 * Which event makes which data stale is decided here, in one place:
 * - `worklist.changed` names requests: every query about one of them (its `id` or `requestId`),
 *   and the lists that gather requests (REQUEST_LISTS); the hand-over notes once the worklist has
 *   patched its rows (worklist-store.ts), a burst of the feed once rather than for each page;
 * - `requests.changed` (Phensys changed requests) the same way;
 * - `devices.changed`: the devices, the printer, the print jobs and every label laid out (LABEL_LAYOUTS);
 * - `sync.health`: what sync could not settle by itself, and the events it settled lately;
 * - `rp.changed`: the Responsible Pharmacist's record.
 * What was read for one person is dropped when they sign out (main.tsx registers it).
 */
import { QueryClient, useQuery, type UseQueryResult } from '@tanstack/react-query'
import type { CallInput, CallName, CallResult, CounterEvent } from '@shared/contract'
import type { CallError } from '@shared/errors'
import { call } from './client'

/** A refusal from main, as the query's error: its message is in words, its code says what kind. */
export class CallRefused extends Error {
  constructor(
    message: string,
    readonly code: CallError['code']
  ) {
    super(message)
  }
}

export const queryClient = new QueryClient({
  // Kept fresh by the events while a screen shows it; read anew when a screen opens again.
  defaultOptions: { queries: { staleTime: Infinity, gcTime: 0, retry: false, refetchOnWindowFocus: false } }
})

/** Calls whose answer lists requests: stale whenever any request changes. */
const REQUEST_LISTS: readonly CallName[] = [
  'worklist.get',
  'hardCopies.outstanding',
  'dispatch.manifest',
  'training.requests',
  'patients.record'
]

/** Calls whose answer lays out labels: stale when the devices' settings (the label stock) change. */
const LABEL_LAYOUTS: readonly CallName[] = ['labels.preview', 'dispatch.packingPreview', 'labels.sample']

const BY_EVENT: { [K in CounterEvent['name']]?: (payload: Extract<CounterEvent, { name: K }>['payload']) => void } = {
  'worklist.changed': ({ requestIds }) => staleRequests(requestIds),
  'requests.changed': ({ changes }) => staleRequests(changes.map((change) => change.requestId)),
  'devices.changed': () =>
    void queryClient.invalidateQueries({
      predicate: (query) => {
        const name = query.queryKey[0] as CallName
        return name === 'devices.status' || name === 'print.jobs' || LABEL_LAYOUTS.includes(name)
      }
    }),
  'sync.health': () =>
    void queryClient.invalidateQueries({
      predicate: (query) => query.queryKey[0] === 'sync.problems' || query.queryKey[0] === 'sync.history'
    }),
  'rp.changed': () =>
    void queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[0]).startsWith('rp.') })
}

function staleRequests(requestIds: readonly string[]): void {
  const changed = new Set(requestIds)
  void queryClient.invalidateQueries({
    predicate: (query) => {
      const [name, input] = query.queryKey as [CallName, Record<string, unknown> | undefined]
      if (REQUEST_LISTS.includes(name)) return true
      const about = input?.id ?? input?.requestId
      return typeof about === 'string' && changed.has(about)
    }
  })
}

/** Marks stale what an event says changed; the app calls it for every event from main. */
export function invalidateFor(event: CounterEvent): void {
  const handler = BY_EVENT[event.name] as ((payload: unknown) => void) | undefined
  handler?.(event.payload)
}

/**
 * A contract call's answer through the query layer; `enabled: false` waits (nothing is asked);
 * `refetchInterval` only where no event can say it changed.
 */
export function useCallQuery<N extends CallName>(
  name: N,
  input: CallInput<N>,
  options: { enabled?: boolean; refetchInterval?: number } = {}
): UseQueryResult<CallResult<N>, CallRefused> {
  return useQuery({
    queryKey: [name, input],
    queryFn: async () => {
      const answer = await call(name, input)
      if (!answer.ok) throw new CallRefused(answer.error.message, answer.error.code)
      return answer.value
    },
    ...options
  })
}

/** Read again now (after the person's own action, whose event may come later). */
export function refreshCall<N extends CallName>(name: N, input?: CallInput<N>): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: input === undefined ? [name] : [name, input] })
}
