/**
 * A status event's name as a person reads it, for main's messages and the renderer alike. Its own
 * module, without zod: the worklist's first paint imports it (events.ts would bring zod with it).
 */

/** "Cancellation acknowledged" for `cancellation.acknowledged`. */
export function statusEventName(type: string): string {
  const text = type.replace(/[._]/g, ' ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}
