import { startBrowserMode, startSandboxProcess } from '../fixtures'

/** The sandbox playing Phensys at `url`, as a test drives it through its control routes (`/sandbox/...`). */
export interface PhensysControl {
  control(method: string, path: string, body?: object): Promise<Response>
  /** The types of the events Phensys has heard about request `id`, in the order heard. */
  heardAtPhensys(id: string): Promise<string[]>
}

function phensysControl(url: string, token: string): PhensysControl {
  const control = (method: string, path: string, body?: object): Promise<Response> =>
    fetch(`${url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body && JSON.stringify(body)
    })
  const heardAtPhensys = async (id: string): Promise<string[]> => {
    const answer = (await (await control('GET', `/sandbox/requests/${id}/events`)).json()) as {
      events: Array<{ type: string }>
    }
    return answer.events.map((event) => event.type)
  }
  return { control, heardAtPhensys }
}

/**
 * A counter on its own sandbox for the length of `use`, which drives the sandbox through its control
 * routes; both are stopped after it, whatever it did.
 */
export async function withLinkedCounter(
  token: string,
  use: (linked: PhensysControl & { counter: Awaited<ReturnType<typeof startBrowserMode>> }) => Promise<void>
): Promise<void> {
  const phensys = await startSandboxProcess(token)
  const counter = await startBrowserMode({ url: phensys.url, token })
  try {
    await use({ counter, ...phensysControl(phensys.url, token) })
  } finally {
    await counter.stop()
    await phensys.stop()
  }
}
