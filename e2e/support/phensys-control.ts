/** The sandbox playing Phensys at `url`, as a test drives it through its control routes (`/sandbox/...`). */
export interface PhensysControl {
  control(method: string, path: string, body?: object): Promise<Response>
  /** The types of the events Phensys has heard about request `id`, in the order heard. */
  heardAtPhensys(id: string): Promise<string[]>
}

export function phensysControl(url: string, token: string): PhensysControl {
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
