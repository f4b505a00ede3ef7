import { request } from 'node:https'
import type { TLSSocket } from 'node:tls'
import { X509Certificate } from 'node:crypto'
import { pairingProof, type Pairing } from '../main/premises'
import type { HostPairing } from './host-link'

/**
 * Joins this workstation to a premises host with the one-time code its administrator shows. The
 * host's certificate is taken as it is presented, then checked: the host answers with a proof made
 * from the code and the certificate it holds, so a machine in between (which has neither) is found
 * out. The certificate is then pinned: it is the only one this workstation will talk to.
 */
export async function pairWithHost(hostUrl: string, code: string, name: string): Promise<HostPairing> {
  const url = new URL('/api/pair', hostUrl)
  if (url.protocol !== 'https:') throw new Error('The host address starts with https://.')
  const { status, body, certificate } = await new Promise<{ status: number; body: string; certificate: string }>(
    (resolve, reject) => {
      // Unverified for this one exchange only: the proof below is what is trusted, not a certificate authority.
      const req = request(url, { method: 'POST', rejectUnauthorized: false, agent: false, timeout: 10_000 }, (res) => {
        const peer = (res.socket as TLSSocket).getPeerCertificate(true)
        const pem = new X509Certificate(peer.raw).toString()
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, certificate: pem }))
      })
      req.on('timeout', () => req.destroy(new Error(`${hostUrl} did not answer in time.`)))
      req.on('error', (error) => reject(new Error(`${hostUrl} cannot be reached: ${error.message}`)))
      req.setHeader('Content-Type', 'application/json')
      req.end(JSON.stringify({ code, name }))
    }
  )
  if (status !== 200)
    throw new Error((JSON.parse(body || '{}') as { error?: string }).error ?? `The host answered ${status}.`)
  const pairing = JSON.parse(body) as Pairing
  const fingerprint = new X509Certificate(certificate).fingerprint256
  if (pairing.proof !== pairingProof(code.replace(/\s/g, ''), fingerprint))
    throw new Error(
      "The host's certificate does not match the pairing code's proof: something between this bench and the host may be listening. Nothing was saved."
    )
  return {
    hostUrl: new URL(hostUrl).origin,
    certificate,
    fingerprint,
    workstationId: pairing.workstationId,
    credential: pairing.credential,
    name
  }
}
