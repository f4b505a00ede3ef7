import { request } from 'node:https'
import { connect, type TLSSocket } from 'node:tls'
import { X509Certificate } from 'node:crypto'
import { pairingProof, type Pairing } from '../main/premises'
import type { HostPairing } from './host-link'

const PAIRING_LINK = /^pharmetra-pair:/i

/** A fingerprint as written anywhere (colons or not, either case) in `AB:CD:…` form; null when it is not SHA-256. */
function normalisedFingerprint(written: string): string | null {
  const hex = written.replace(/[^0-9a-f]/gi, '').toUpperCase()
  return hex.length === 64 ? (hex.match(/../g) ?? []).join(':') : null
}

/**
 * The code and the host certificate's fingerprint the bench pairs with: from the pairing link the
 * host's QR carries (`pharmetra-pair:<url>?code=…&fingerprint=…`), or a typed code with the
 * fingerprint typed beside it. Without the fingerprint nothing is sent: the bench could not tell
 * the host from a machine in between, which would be told the code.
 */
function codeAndFingerprint(
  codeOrLink: string,
  typedFingerprint: string | null
): { code: string; fingerprint: string } {
  const link = PAIRING_LINK.test(codeOrLink.trim())
    ? new URLSearchParams(codeOrLink.trim().slice(codeOrLink.trim().indexOf('?') + 1))
    : null
  const code = (link ? (link.get('code') ?? '') : codeOrLink).replace(/\s/g, '')
  const written = typedFingerprint ?? link?.get('fingerprint') ?? null
  if (written === null)
    throw new Error(
      "The pairing needs the host's certificate fingerprint as well as the code: scan the QR on the host's screen, or type the fingerprint shown beside the code. Nothing was sent."
    )
  const fingerprint = normalisedFingerprint(written)
  if (!fingerprint)
    throw new Error(
      "That is not a whole certificate fingerprint (64 hexadecimal characters, as the host's screen shows it). Nothing was sent."
    )
  const linked = link?.get('fingerprint')
  if (typedFingerprint !== null && linked && normalisedFingerprint(linked) !== fingerprint)
    throw new Error('The fingerprint typed is not the one in the pairing link. Nothing was sent.')
  return { code, fingerprint }
}

/** A TLS connection to the host, handed over only once its certificate is the expected one; nothing is written before. */
function verifiedConnection(url: URL, fingerprint: string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    // Unverified by a certificate authority: the fingerprint from the host's own screen is what is trusted.
    const socket = connect({ host: url.hostname, port: Number(url.port || 443), rejectUnauthorized: false })
    socket.setTimeout(10_000, () => socket.destroy(new Error(`${url.origin} did not answer in time.`)))
    socket.once('error', (error) => reject(new Error(`${url.origin} cannot be reached: ${error.message}`)))
    socket.once('secureConnect', () => {
      const presented = socket.getPeerCertificate().fingerprint256
      if (presented === fingerprint) return resolve(socket)
      socket.destroy()
      reject(
        new Error(
          `The certificate at ${url.origin} is not the host's (it shows ${presented}, the host's screen ${fingerprint}): something between this bench and the host may be listening. Nothing was sent.`
        )
      )
    })
  })
}

/**
 * Joins this workstation to a premises host with the one-time code and the certificate
 * fingerprint its administrator shows (the QR's pairing link carries both; a typed code needs
 * `fingerprint` typed too). The host's certificate is checked against that fingerprint before the
 * code is sent, and the host's answer proves it knows the code for that certificate. The
 * certificate is then pinned: it is the only one this workstation will talk to.
 */
export async function pairWithHost(
  hostUrl: string,
  codeOrLink: string,
  name: string,
  fingerprint: string | null = null
): Promise<HostPairing> {
  const url = new URL('/api/pair', hostUrl)
  if (url.protocol !== 'https:') throw new Error('The host address starts with https://.')
  const expected = codeAndFingerprint(codeOrLink, fingerprint)
  const socket = await verifiedConnection(url, expected.fingerprint)
  const certificate = new X509Certificate(socket.getPeerCertificate(true).raw).toString()
  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method: 'POST', createConnection: () => socket, timeout: 10_000 }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    req.on('timeout', () => req.destroy(new Error(`${hostUrl} did not answer in time.`)))
    req.on('error', (error) => reject(new Error(`${hostUrl} cannot be reached: ${error.message}`)))
    req.setHeader('Content-Type', 'application/json')
    req.end(JSON.stringify({ code: expected.code, name }))
  }).finally(() => socket.destroy())
  if (status !== 200)
    throw new Error((JSON.parse(body || '{}') as { error?: string }).error ?? `The host answered ${status}.`)
  const pairing = JSON.parse(body) as Pairing
  if (pairing.proof !== pairingProof(expected.code, expected.fingerprint))
    throw new Error(
      "The host's certificate does not match the pairing code's proof: something between this bench and the host may be listening. Nothing was saved."
    )
  return {
    hostUrl: new URL(hostUrl).origin,
    certificate,
    fingerprint: expected.fingerprint,
    workstationId: pairing.workstationId,
    credential: pairing.credential,
    name
  }
}
