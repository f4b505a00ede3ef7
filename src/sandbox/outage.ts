/**
 * The outage switch: Phensys goes away for a while, as a real upstream does, and comes back.
 * - `unavailable`: every `/v1/*` call, the health check included, answers 503 `unavailable`
 *   before anything runs, with `Retry-After` when `retryAfterSeconds` is given (a maintenance
 *   window). The control calls keep working, so a test can end it when it likes.
 * - `hang`: every `/v1/*` call is taken and never answered, as across a network that drops
 *   packets; when the outage ends its connection is cut. The control calls keep working.
 * - `refuse`: the sandbox stops listening and drops every open connection (long-polls included),
 *   so calls fail as a dead host's do (connection refused). Nothing can reach it meanwhile, the
 *   control calls neither, so it needs `seconds`: it listens again on the same port once they
 *   have passed.
 * - `captive_portal`: every status event (`POST /v1/provider/requests/{id}/events`) is answered
 *   `200` with an HTML sign-in page, as a captive portal or a proxy in between answers, and never
 *   reaches Phensys (nothing is recorded, no key is kept); every other call answers as usual.
 * `seconds` is measured on the machine's clock, not the sandbox clock, which a test may stop.
 * Nothing committed is lost either way; the state survives the outage as a database would.
 */
import { z } from 'zod'

export const outageSettingsSchema = z
  .strictObject({
    mode: z.enum(['unavailable', 'hang', 'refuse', 'captive_portal']),
    seconds: z.number().positive().max(3600).optional(),
    retryAfterSeconds: z.number().int().nonnegative().max(86_400).optional()
  })
  .refine((settings) => settings.mode !== 'refuse' || settings.seconds !== undefined, {
    path: ['seconds'],
    message: 'a refusing sandbox cannot be reached to end the outage: say for how many seconds'
  })
  .refine((settings) => settings.mode === 'unavailable' || settings.retryAfterSeconds === undefined, {
    path: ['retryAfterSeconds'],
    message: 'only an unavailable Phensys answers, and so only it can say when to come back'
  })
export type OutageSettings = z.output<typeof outageSettingsSchema>

export interface OutageState {
  mode: OutageSettings['mode'] | null
  /** When it ends by itself (RFC 3339), or null when it lasts until ended. */
  until: string | null
}

/** How the server stops listening and listens again (index.ts owns the socket). */
export interface Listener {
  stop(): Promise<void>
  resume(): Promise<void>
}

export class Outage {
  private mode: OutageSettings['mode'] | null = null
  private retryAfterSeconds: number | null = null
  private endsAt: number | null = null
  private timer: NodeJS.Timeout | null = null
  private readonly hung = new Set<() => void>()

  constructor(private readonly listener: Listener) {}

  /** Whether Phensys's own API answers 503 now. */
  unavailable(): boolean {
    return this.mode === 'unavailable'
  }

  /** The `Retry-After` (seconds) an unavailable Phensys sends with its 503, or null for none. */
  retryAfter(): number | null {
    return this.retryAfterSeconds
  }

  /** Whether Phensys's own API takes calls and never answers them now. */
  hanging(): boolean {
    return this.mode === 'hang'
  }

  /** Whether a page in between answers the status events now, in Phensys's place. */
  portal(): boolean {
    return this.mode === 'captive_portal'
  }

  /** Holds a call until the outage ends (or the client gives up); the caller then cuts it. */
  hold(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.hung.delete(done)
        signal.removeEventListener('abort', done)
        resolve()
      }
      this.hung.add(done)
      signal.addEventListener('abort', done, { once: true })
    })
  }

  state(): OutageState {
    return { mode: this.mode, until: this.endsAt === null ? null : new Date(this.endsAt).toISOString() }
  }

  /** Starts an outage, replacing any running one. */
  async begin(settings: OutageSettings): Promise<OutageState> {
    await this.end()
    // Refusing begins once the socket is closed, so the state never claims more than is true.
    if (settings.mode === 'refuse') await this.listener.stop()
    this.mode = settings.mode
    this.retryAfterSeconds = settings.retryAfterSeconds ?? null
    if (settings.seconds !== undefined) {
      this.endsAt = Date.now() + settings.seconds * 1000
      this.timer = setTimeout(() => void this.end(), settings.seconds * 1000)
    }
    return this.state()
  }

  /** Ends the outage now: Phensys answers again. */
  async end(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.endsAt = null
    const wasRefusing = this.mode === 'refuse'
    this.mode = null
    this.retryAfterSeconds = null
    for (const release of [...this.hung]) release()
    if (wasRefusing) await this.listener.resume()
  }

  /** On shutdown: no timer may reopen a closed sandbox. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
