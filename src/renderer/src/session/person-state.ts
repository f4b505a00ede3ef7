/**
 * What belongs to the person signed in, not to the workstation: searches, filters, the last
 * scans' toasts, open dialogs, the data loaded for them. Each store that keeps such things says
 * how to forget them; they are forgotten when that person signs out (or someone else signs in),
 * so the next person starts from a clean counter.
 */
const forgetters = new Set<() => void>()

/** Registers how to forget one store's personal state; called once, where the store is made. */
export function forgetAtSignOut(forget: () => void): void {
  forgetters.add(forget)
}

export function forgetThePerson(): void {
  for (const forget of forgetters) forget()
}
