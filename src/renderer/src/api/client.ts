import type { CallInput, CallName, CallResult, CounterEvent } from '@shared/contract'
import type { CallResponse } from '@shared/errors'
import { bridge } from './bridge'

/** The typed client: every call and result is checked against the shared contract. */
export function call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResponse<CallResult<N>>> {
  return bridge.invoke(name, input) as Promise<CallResponse<CallResult<N>>>
}

export function onEvent(listener: (event: CounterEvent) => void): () => void {
  return bridge.onEvent(listener)
}
