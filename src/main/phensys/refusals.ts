import { isTerminalState } from '../../shared/phensys/snapshot'
import type { Outbox } from './outbox'

/** Events that say medicine has left the pharmacy: never quietly dropped. */
const GOODS_OUT = ['dispatched', 'delivered']

/**
 * What a `409 conflict` means, from the refused event and the state in Phensys's snapshot.
 * - Phensys has stopped the request (cancelled, rejected, delivered): whatever the counter had
 *   not yet told it is stale, and is superseded by that state, never a problem for a person. A
 *   cancelled request still takes its acknowledgement; nothing else can go.
 * - Except medicine that left the pharmacy for a request Phensys stopped: a parcel on its way to
 *   a patient whose request was cancelled is for a person to follow up, so the refused event
 *   waits for them, and later events of the request stay behind it.
 * - Any other state: the two sides disagree about a request still in work, and a person decides.
 */
export type RefusalMeaning =
  | {
      kind: 'superseded'
      /** Event types the request may still send in this state, or that a person must see. */
      stillToGo: string[]
    }
  | { kind: 'for_a_person' }

export function meaningOfRefusal(eventType: string, phensysState: string | null): RefusalMeaning {
  if (phensysState === null || !isTerminalState(phensysState)) return { kind: 'for_a_person' }
  const stopped = phensysState === 'cancelled' || phensysState === 'rejected'
  if (stopped && GOODS_OUT.includes(eventType)) return { kind: 'for_a_person' }
  return { kind: 'superseded', stillToGo: stoppedStillToGo(phensysState) }
}

/**
 * Once Phensys has stopped a request, the events of it that may still go (or that a person must
 * see refused): the cancellation's acknowledgement, and news of medicine already out.
 */
function stoppedStillToGo(phensysState: string): string[] {
  if (phensysState === 'cancelled') return ['cancellation.acknowledged', ...GOODS_OUT]
  if (phensysState === 'rejected') return [...GOODS_OUT]
  return []
}

/**
 * Phensys stopped the request: its events Phensys had refused wait for no one any more (a refusal
 * about a request since stopped leaves nothing to decide), so they are settled as superseded by its
 * state. Inside the transaction that stops the request. Returns the events set aside.
 */
export function setAsideMootRefusals(
  outbox: Pick<Outbox, 'supersede'>,
  requestId: string,
  phensys: { version: number; state: string },
  now: Date
): Array<{ id: number; type: string }> {
  return outbox.supersede(requestId, {
    statuses: ['conflict', 'failed'],
    except: stoppedStillToGo(phensys.state),
    reason: `Set aside: Phensys ${phensys.state === 'rejected' ? 'rejected' : 'cancelled'} the request (version ${phensys.version}).`,
    answer: { version: phensys.version, state: phensys.state },
    now
  })
}

/**
 * The counter stopped the request itself (`who` rejected it, at the version it holds: a pharmacist, or
 * the counter on a version it cannot read): its events Phensys refused wait for no one any more, as
 * when Phensys stops it, and are set aside the same way, inside the step's transaction, so the
 * rejection does not wait behind them. Phensys gave no answer of its own to record. Returns the
 * events set aside.
 */
export function setAsideOnOwnRejection(
  outbox: Pick<Outbox, 'supersede'>,
  requestId: string,
  rejected: { who: string; version: number },
  now: Date
): Array<{ id: number; type: string }> {
  return outbox.supersede(requestId, {
    statuses: ['conflict', 'failed'],
    except: stoppedStillToGo('rejected'),
    reason: `Set aside: ${rejected.who} rejected the request (version ${rejected.version}).`,
    answer: null,
    now
  })
}
