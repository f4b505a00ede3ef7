import type { CallInput, CallName, CallResult, CounterEvent } from '../../../shared/contract'
import type { CallError, CallResponse } from '../../../shared/errors'
import { bridge } from './bridge'

/** The typed client: every call and result is checked against the shared contract. */
export function call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResponse<CallResult<N>>> {
  return bridge.invoke(name, input) as Promise<CallResponse<CallResult<N>>>
}

export class CallFailed extends Error {
  constructor(readonly error: CallError) {
    super(error.message)
  }
}

/** For places that only go on when the call succeeded. */
export async function callOrThrow<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>> {
  const answer = await call(name, input)
  if (!answer.ok) throw new CallFailed(answer.error)
  return answer.value
}

export function onEvent(listener: (event: CounterEvent) => void): () => void {
  return bridge.onEvent(listener)
}
