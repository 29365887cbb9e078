// Signature containers for the test APKs: an APK Signing Block (v2 or v3) and a v1 PKCS#7 SignedData,
// each carrying a test certificate. The signatures are empty: the scanner fingerprints, it does not verify.

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}
function u64(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
}
function prefixed(...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  return Buffer.concat([u32(body.length), body]);
}

export function signingBlock(certificates: Uint8Array[], scheme: 'v2' | 'v3' = 'v2'): Uint8Array {
  const certs = prefixed(...certificates.map((c) => prefixed(c)));
  const sdk = scheme === 'v3' ? [u32(24), u32(0x7fffffff)] : [];
  const signedData = prefixed(prefixed(), certs, ...sdk, prefixed());
  const signer = prefixed(signedData, ...sdk, prefixed(), prefixed());
  const value = prefixed(signer);
  const id = scheme === 'v2' ? 0x7109871a : 0xf05368c0;
  const pair = Buffer.concat([u64(value.length + 4), u32(id), value]);
  const size = pair.length + 8 + 16;
  return Buffer.concat([u64(size), pair, u64(size), new TextEncoder().encode('APK Sig Block 42')]);
}

function der(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(content);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Uint8Array.from([tag, ...length]), body]);
}
const OID_SIGNED_DATA = Uint8Array.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]);
const OID_DATA = Uint8Array.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]);

/** META-INF/CERT.RSA-shaped PKCS#7 SignedData holding the certificates and no signer infos. */
export function pkcs7(certificates: Uint8Array[]): Uint8Array {
  const signedData = der(0x30, Uint8Array.from([0x02, 0x01, 0x01]), der(0x31), der(0x30, OID_DATA), der(0xa0, ...certificates), der(0x31));
  return der(0x30, OID_SIGNED_DATA, der(0xa0, signedData));
}
