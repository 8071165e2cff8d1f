#!/usr/bin/env bash
# Adds this AWS account to a targetwatch workshop, proving it rather than claiming it.
#
#   scripts/join-workshop.sh API_URL WORKSHOP_ID JOIN_CODE [LABEL]
#
# Signs an sts:GetCallerIdentity request with this machine's AWS credentials (whatever
# `aws configure export-credentials` finds: the workshop IDE's role, a profile, the environment),
# with the header x-targetwatch-workshop naming the workshop, and posts it, unsent, to
# POST $API_URL/workshops/$WORKSHOP_ID/join. targetwatch sends it to its own STS endpoint, which
# answers with the account that signed it; no credentials leave this machine, only the signature.
#
# Needs bash, openssl, curl and the AWS CLI v2. Environment:
#   TARGETWATCH_STS_REGION    the region targetwatch is deployed in (default: AWS_REGION,
#                             AWS_DEFAULT_REGION, else us-east-1): the request is signed for its
#                             regional STS endpoint, the one targetwatch uses
#   TARGETWATCH_STS_ENDPOINT  that endpoint, if not https://sts.<region>.amazonaws.com
#   AWS_CLI                   the AWS CLI to ask for credentials (default: aws)
set -euo pipefail

if [[ $# -lt 3 || $# -gt 4 ]]; then
  echo "usage: $0 API_URL WORKSHOP_ID JOIN_CODE [LABEL]" >&2
  exit 2
fi
api_url=${1%/}
workshop=$2
join_code=$3
label=${4-}
if [[ ! $workshop =~ ^[a-z0-9-]{1,63}$ ]]; then
  echo "$0: '$workshop' is not a workshop id" >&2
  exit 2
fi

region=${TARGETWATCH_STS_REGION:-${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}}
endpoint=${TARGETWATCH_STS_ENDPOINT:-https://sts.${region}.amazonaws.com}
# The host as the endpoint's URL names it (a default port left out), which is what is signed.
host=${endpoint#*://}
host=${host%%/*}
case $endpoint in
  https://*:443 | https://*:443/*) host=${host%:443} ;;
  http://*:80 | http://*:80/*) host=${host%:80} ;;
esac

credentials=$("${AWS_CLI:-aws}" configure export-credentials --format env)
AWS_SESSION_TOKEN=
eval "$credentials"
: "${AWS_ACCESS_KEY_ID:?the AWS CLI found no credentials}" "${AWS_SECRET_ACCESS_KEY:?}"

sha256_hex() { openssl dgst -sha256 -hex | awk '{print $NF}'; }
# HMAC-SHA256 of stdin with a hex key, in hex (SigV4 chains these).
hmac_hex() { openssl dgst -sha256 -mac HMAC -macopt "hexkey:$1" -hex | awk '{print $NF}'; }
to_hex() { printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'; }

body='Action=GetCallerIdentity&Version=2011-06-15'
content_type='application/x-www-form-urlencoded; charset=utf-8'
amz_date=$(date -u +%Y%m%dT%H%M%SZ)
day=${amz_date%%T*}
scope="$day/$region/sts/aws4_request"

# Canonical headers: lowercase names, sorted, one per line.
headers=(
  "content-type:$content_type"
  "host:$host"
  "x-amz-date:$amz_date"
)
if [[ -n $AWS_SESSION_TOKEN ]]; then headers+=("x-amz-security-token:$AWS_SESSION_TOKEN"); fi
headers+=("x-targetwatch-workshop:$workshop")
signed_headers=$(printf '%s\n' "${headers[@]}" | cut -d: -f1 | paste -sd';')
canonical_request=$(
  printf 'POST\n/\n\n'
  printf '%s\n' "${headers[@]}"
  printf '\n%s\n%s' "$signed_headers" "$(printf '%s' "$body" | sha256_hex)"
)
string_to_sign=$(printf 'AWS4-HMAC-SHA256\n%s\n%s\n%s' "$amz_date" "$scope" \
  "$(printf '%s' "$canonical_request" | sha256_hex)")
key=$(printf '%s' "$day" | hmac_hex "$(to_hex "AWS4$AWS_SECRET_ACCESS_KEY")")
key=$(printf '%s' "$region" | hmac_hex "$key")
key=$(printf '%s' "sts" | hmac_hex "$key")
key=$(printf '%s' "aws4_request" | hmac_hex "$key")
signature=$(printf '%s' "$string_to_sign" | hmac_hex "$key")
authorization="AWS4-HMAC-SHA256 Credential=$AWS_ACCESS_KEY_ID/$scope, SignedHeaders=$signed_headers, Signature=$signature"

# A JSON string: backslashes, quotes and the control characters a shell lets through escaped.
json() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  printf '"%s"' "$s"
}

request_headers=$(
  printf '"authorization":%s' "$(json "$authorization")"
  for header in "${headers[@]}"; do
    printf ',%s:%s' "$(json "${header%%:*}")" "$(json "${header#*:}")"
  done
)
payload=$(
  printf '{"joinCode":%s,' "$(json "$join_code")"
  if [[ -n $label ]]; then printf '"label":%s,' "$(json "$label")"; fi
  printf '"request":{"method":"POST","headers":{%s},"body":%s}}' "$request_headers" "$(json "$body")"
)

printf '%s' "$payload" | curl --silent --show-error --fail-with-body \
  --header 'content-type: application/json' --data-binary @- "$api_url/workshops/$workshop/join"
echo
