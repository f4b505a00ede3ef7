import { X509Certificate } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { generate } from 'selfsigned'

/** The host's TLS identity: key and certificate (PEM), and the fingerprint workstations pin. */
export interface HostCertificate {
  key: string
  cert: string
  /** SHA-256 of the certificate, as Node prints it ("AB:CD:…"). */
  fingerprint: string
}

function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256
}

/**
 * The host's certificate, made at its first start and kept in the key folder (owner-only), so
 * the fingerprint workstations pinned stays the same across restarts. Self-signed: trust comes
 * from pinning at pairing, not from a certificate authority.
 */
export async function hostCertificate(keyDir: string, addresses: string[]): Promise<HostCertificate> {
  const keyFile = join(keyDir, 'premises-host.key.pem')
  const certFile = join(keyDir, 'premises-host.cert.pem')
  if (!existsSync(keyFile) || !existsSync(certFile)) {
    mkdirSync(keyDir, { recursive: true, mode: 0o700 })
    const names = [...new Set(['localhost', '127.0.0.1', hostname(), ...addresses])]
    const made = await generate([{ name: 'commonName', value: `Pharmetra Counter host ${hostname()}` }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 20 * 365 * 86_400_000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: names.map((name) =>
            isIP(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name }
          )
        }
      ]
    })
    writeFileSync(keyFile, made.private, { mode: 0o600 })
    writeFileSync(certFile, made.cert, { mode: 0o600 })
  }
  const cert = readFileSync(certFile, 'utf8')
  return { key: readFileSync(keyFile, 'utf8'), cert, fingerprint: fingerprintOf(cert) }
}
