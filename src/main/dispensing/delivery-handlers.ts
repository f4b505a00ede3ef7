import type { Handlers } from '../contract/handler'
import { CounterError } from '../errors'
import { runTransition, type TransitionDeps } from '../fulfilment/workflow-handlers'

type DeliveryCalls = 'requests.pack' | 'requests.dispatch' | 'requests.markDelivered'

/**
 * Pack, a plain dispatch and delivered. Carriers, services and manifests (and the
 * `deliveryServiceKnown` guard) belong to the dispatch issue: here a person names them.
 */
export function deliveryHandlers(deps: TransitionDeps): Pick<Handlers, DeliveryCalls> {
  return {
    'requests.pack': (ctx, input) =>
      runTransition(deps, ctx, input.id, 'pack', () => ({ to: 'packed', events: [{ type: 'packed', data: { parcels: input.parcels } }], note: { parcels: input.parcels } })),

    'requests.dispatch': (ctx, input) =>
      runTransition(deps, ctx, input.id, 'dispatch', () => {
        const data = { carrier: input.carrier, service: input.service, trackingNumbers: input.trackingNumbers, dispatchedAt: ctx.now.toISOString() }
        return { to: 'dispatched', events: [{ type: 'dispatched', data }], note: data }
      }),

    'requests.markDelivered': (ctx, input) =>
      runTransition(deps, ctx, input.id, 'markDelivered', (stored) => {
        const deliveredAt = input.deliveredAt ?? ctx.now.toISOString()
        if (Date.parse(deliveredAt) > ctx.now.getTime()) throw new CounterError('invalid_input', `Delivered at ${deliveredAt} is in the future.`)
        if (Date.parse(deliveredAt) < Date.parse(stored.row.stageSince)) {
          throw new CounterError('invalid_input', `Delivered at ${deliveredAt} is before it was dispatched (${stored.row.stageSince}).`)
        }
        return { to: 'delivered', events: [{ type: 'delivered', data: { deliveredAt: new Date(deliveredAt).toISOString() } }], note: { deliveredAt } }
      })
  }
}
