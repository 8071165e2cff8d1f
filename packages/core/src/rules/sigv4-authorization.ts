/** The parts of a SigV4 `Authorization` header (AWS4-HMAC-SHA256). */
export interface SigV4Authorization {
  accessKeyId: string;
  /** The credential scope: `<date>/<region>/<service>/aws4_request`. */
  scope: { date: string; region: string; service: string };
  /** Lowercase header names, as the signer listed them. */
  signedHeaders: string[];
  signature: string;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
const CREDENTIAL = /^([A-Z0-9]{16,128})\/(\d{8})\/([a-z0-9-]{1,32})\/([a-z0-9-]{1,32})\/aws4_request$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
const SIGNATURE = /^[0-9a-f]{64}$/;

/**
 * Reads `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` as AWS writes it: the
 * three components once each, in any order, separated by commas (spaces allowed); the signed
 * header names lowercase and sorted, as SigV4 requires. Says what is wrong otherwise. Checking
 * the signature itself is STS's job: targetwatch does not know the secret key.
 */
export function parseSigV4Authorization(header: string): SigV4Authorization | { error: string } {
  const space = header.indexOf(" ");
  if (space < 0 || header.slice(0, space) !== ALGORITHM) {
    return { error: `the Authorization header must be a SigV4 signature (${ALGORITHM} …)` };
  }
  const parts = new Map<string, string>();
  for (const component of header.slice(space + 1).split(",")) {
    const [name, value, ...rest] = component.trim().split("=");
    if (!name || value === undefined || rest.length > 0 || parts.has(name)) {
      return { error: `the Authorization header's component "${component.trim()}" is not valid` };
    }
    parts.set(name, value);
  }
  const credential = CREDENTIAL.exec(parts.get("Credential") ?? "");
  const signedHeaders = (parts.get("SignedHeaders") ?? "").split(";");
  const signature = parts.get("Signature") ?? "";
  if (parts.size !== 3 || !credential) {
    return {
      error:
        "the Authorization header needs Credential=<key>/<yyyymmdd>/<region>/<service>/aws4_request, SignedHeaders and Signature",
    };
  }
  if (!signedHeaders.every((name) => HEADER_NAME.test(name)) || !isSorted(signedHeaders)) {
    return { error: "SignedHeaders must list lowercase header names, sorted, separated by ';'" };
  }
  if (!SIGNATURE.test(signature)) return { error: "Signature must be 64 lowercase hex digits" };
  const [, accessKeyId, date, region, service] = credential as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  return { accessKeyId, scope: { date, region, service }, signedHeaders, signature };
}

function isSorted(names: string[]): boolean {
  return names.every((name, i) => i === 0 || (names[i - 1] as string) < name);
}
