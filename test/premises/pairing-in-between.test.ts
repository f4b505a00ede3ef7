/**
 * README (Pairing): a machine in between a bench and its host must learn nothing and be trusted for
 * nothing. The bench checks the host's certificate against the fingerprint the host shows (in the
 * pairing link, or typed) before it sends anything, and refuses a code without a fingerprint.
 * (Found by review 28a: the bench sent the code first, to whatever TLS peer answered; the machine in
 * between paired with the real host using it, answered with a proof for its own certificate, and
 * was pinned, hearing every call and PIN from then on.)
 */
import { createServer, request, type Server } from 'node:https'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { pairingProof } from '../../src/main/premises'
import { hostCertificate } from '../../src/premises/certificate'
import { pairWithHost } from '../../src/premises/pair-with-host'
import { settle } from '../helpers/linked'
import { startPremisesHost, type PremisesHost } from '../helpers/premises'
import { tempDir } from '../helpers/temp-core'

/** What the real host answers to a pairing, asked by the machine in between with the bench's code. */
function pairAtHost(hostUrl: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL('/api/pair', hostUrl),
      { method: 'POST', rejectUnauthorized: false, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe('pairing through a machine in between', () => {
  let host: PremisesHost
  let inBetween: Server | null = null
  let keys: ReturnType<typeof tempDir>

  beforeEach(async () => {
    host = await startPremisesHost()
    await settle(host.temp.core)
    keys = tempDir('counter-in-between-keys-')
  })
  afterEach(async () => {
    await new Promise<void>((resolve) => (inBetween ? inBetween.close(() => resolve()) : resolve()))
    inBetween = null
    await host.stop()
    keys.remove()
  })

  /** A machine in between with a certificate of its own, passing what it hears on to the real host. */
  async function startInBetween(): Promise<{ url: string; heardCodes: string[]; fingerprint: string }> {
    const own = await hostCertificate(keys.path, ['127.0.0.1'])
    const heardCodes: string[] = []
    inBetween = createServer({ key: own.key, cert: own.cert }, (req, res) => {
      let text = ''
      req.setEncoding('utf8')
      req.on('data', (chunk: string) => (text += chunk))
      req.on('end', () => {
        const { code } = JSON.parse(text) as { code: string }
        heardCodes.push(code)
        void pairAtHost(host.url, text).then((real) => {
          const pairing = JSON.parse(real.body) as { workstationId: string; credential: string }
          res.writeHead(real.status, { 'Content-Type': 'application/json' })
          res.end(JSON.stringify({ ...pairing, proof: pairingProof(code, own.fingerprint) }))
        })
      })
    })
    await new Promise<void>((resolve) => inBetween!.listen(0, '127.0.0.1', () => resolve()))
    const address = inBetween.address()
    const url = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    return { url, heardCodes, fingerprint: own.fingerprint }
  }

  it('is found out: the bench neither pins another certificate nor gives the code to it', async () => {
    const { url: inBetweenUrl, heardCodes, fingerprint } = await startInBetween()
    const code = await host.code()
    const outcome = await pairWithHost(inBetweenUrl, code, 'Bench 2').then(
      (pairing) => `paired, pinning ${pairing.fingerprint === fingerprint ? 'the machine in between' : 'the host'}`,
      (error: Error) => `refused: ${error.message}`
    )
    expect(outcome).toMatch(/^refused/)
    expect(heardCodes, 'codes the machine in between was told').toEqual([])
  })

  it('with the pairing link, is refused before the code is sent, in words', async () => {
    const { url, heardCodes } = await startInBetween()
    const refused = await pairWithHost(url, await host.link(), 'Bench 2').then(
      () => 'paired',
      (error: Error) => error.message
    )
    expect(refused).toMatch(/is not the host's .*may be listening\. Nothing was sent\./)
    expect(heardCodes).toEqual([])
    // The same link still pairs with the host itself.
    const pairing = await pairWithHost(host.url, await host.link(), 'Bench 2')
    expect(pairing.fingerprint).toBe(host.certificate.fingerprint)
  })

  it('with a typed code and no fingerprint, sends nothing and says what is missing', async () => {
    const { url, heardCodes } = await startInBetween()
    await expect(pairWithHost(url, await host.code(), 'Bench 2')).rejects.toThrow(
      /needs the host's certificate fingerprint/
    )
    expect(heardCodes).toEqual([])
  })
})
