// @peculiar/x509 2.x needs a Reflect metadata polyfill loaded before it (see its README).
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/** A certificate and its private key, both PEM. */
export interface PemCertificate {
  cert: string;
  key: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/**
 * Makes a throwaway self-signed certificate for `ip` (an ECDSA P-256 key, valid for one day,
 * the address in both the common name and the subjectAltName), in process: no `openssl` binary.
 */
export async function createSelfSignedCertificate(ip = '127.0.0.1'): Promise<PemCertificate> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const notBefore = new Date(Date.now() - 60_000);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: webcrypto
      .getRandomValues(new Uint8Array(8))
      .reduce((hex, byte) => hex + byte.toString(16).padStart(2, '0'), '01'),
    name: `CN=${ip}`,
    notBefore,
    notAfter: new Date(notBefore.getTime() + 24 * 3600_000),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: ip }]),
      new x509.BasicConstraintsExtension(true, undefined, true),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    cert: certificate.toString('pem'),
    key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
  };
}
