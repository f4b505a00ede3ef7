/**
 * The carriers a new workstation starts with, and the built-in collection service, without the
 * schemas (carriers.ts): the renderer's first screen names services and must not load zod for it.
 */
export const COLLECT = 'collect'

export const STARTING_CARRIERS = {
  services: [
    {
      code: 'royal_mail_tracked_24',
      carrier: 'Royal Mail',
      service: 'Tracked 24',
      tracking: 'royal_mail_s10' as const,
      pattern: null,
      enabled: true
    },
    {
      code: 'royal_mail_tracked_48',
      carrier: 'Royal Mail',
      service: 'Tracked 48',
      tracking: 'royal_mail_s10' as const,
      pattern: null,
      enabled: true
    },
    {
      code: 'special_delivery_1pm',
      carrier: 'Royal Mail',
      service: 'Special Delivery Guaranteed by 1pm',
      tracking: 'royal_mail_s10' as const,
      pattern: null,
      enabled: true
    },
    {
      code: 'courier_next_day',
      carrier: 'DPD',
      service: 'Next Day',
      tracking: 'pattern' as const,
      pattern: '^\\d{14}$',
      enabled: true
    }
  ]
}
