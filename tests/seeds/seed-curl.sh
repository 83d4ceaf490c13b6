#!/usr/bin/env bash
# The curl lines of the seeds (../shared/seeds/*.txt), run against a started gateway.
#
# Each seed line is as the seed writes it, with the host swapped (and ARTIK's client certificate
# paths pointed at real files); the only other changes fill what the seeds tell the reader to
# fill: $OPERATOR_API_KEY, {key_id}:{key_password}, {username}, {password}, {clientid},
# {clientsecret}, and ARTIK's access token and sdid, which the seed takes from earlier responses.
# The "setup" steps between them make those values on this gateway; they are not seed lines.
#
# Needs: bash, curl, jq, and
#   GATEHOUSE      the gateway's http base URL, e.g. http://127.0.0.1:5080 (stands for http://wotkit.sensetecnic.com)
#   GATEHOUSE_TLS  its https base URL, e.g. https://127.0.0.1:5443 (stands for https://api.evrythng.com,
#                  https://wotkit.sensetecnic.com and https://s-api.artik.cloud:443); curl must trust its
#                  certificate for the lines without -k (CURL_CA_BUNDLE)
#   ADMIN_PASSWORD the bootstrap administrator's password (ADMIN_USERNAME, default admin)
#   CERT_DIR       a folder with client.cert and client-pri.key (ARTIK's --cert/--key; PEM)
# on a fresh gateway: the seeds name the user sensetecnic and the sensor mule1.
# tests/Gateway.Tests/SeedCurlScriptTests.cs runs it on every test run and needs its last line.
set -euo pipefail
: "${GATEHOUSE:?}" "${GATEHOUSE_TLS:?}" "${ADMIN_PASSWORD:?}" "${CERT_DIR:?}"
trap 'echo "seed script stopped (exit status $?) at: $BASH_COMMAND" >&2' ERR
json() { curl -sS --fail-with-body -H 'content-type: application/json' "$@"; }

# ---- setup: the administrator creates the seeds' user, sensetecnic, who logs in.
admin=$(json -d "$(jq -n --arg u "${ADMIN_USERNAME:-admin}" --arg p "$ADMIN_PASSWORD" '{username: $u, password: $p}')" "$GATEHOUSE/v1/auth/login" | jq -r .accessToken)
username=sensetecnic
password=sensetecnic-password-$RANDOM$RANDOM
json -H "authorization: Bearer $admin" -d "$(jq -n --arg u "$username" --arg p "$password" '{username: $u, password: $p}')" "$GATEHOUSE/v1/users" >/dev/null
user=$(json -d "$(jq -n --arg u "$username" --arg p "$password" '{username: $u, password: $p}')" "$GATEHOUSE/v1/auth/login" | jq -r .accessToken)

# ==== Seed 000 (EVRYTHNG), "CORS in Common Libraries": the jQuery $.ajax call as its curl
# equivalent (type POST, contentType application/json, data JSON.stringify(data), the same url).
# setup: the operator API key the url names.
OPERATOR_API_KEY=$(json -H "authorization: Bearer $user" -d '{"name":"OPERATOR_API_KEY"}' "$GATEHOUSE/v1/keys" | jq -r .key)
thng=$(curl -sS -X POST -w '\n%{http_code}' -H 'Content-Type: application/json' \
  -d '{"name":"Fridge","description":"The fridge in the main kitchen","location":{"latitude":43.772828,"longitude":11.249488},"properties":{"temperature_celsius":5},"tags":["demo"]}' \
  "$GATEHOUSE_TLS/thngs?access_token=$OPERATOR_API_KEY")
echo "$thng"
test "$(tail -n1 <<<"$thng")" = 201
test "$(head -n -1 <<<"$thng" | jq -r '[.name, .location.latitude, .properties.temperature_celsius, .tags[0]] | join(" ")')" = "Fridge 43.772828 5 demo"

# ==== Seed 003 (WoTKit) §2.1.2, Keys and Basic Authentication.
# setup: the public sensor sensetecnic.mule1 with the seed's fields, a message for it, and a key.
mule1=$(json -H "authorization: Bearer $user" -d '{"name":"Big Yellow Taxi","handle":"mule1","visibility":"public",
  "description":"A big yellow taxi that travels from Vincent'"'"'s house to UBC and then back.",
  "location":{"latitude":51.060386316691,"longitude":-114.087524414062},
  "fields":[{"name":"lat","type":"number","required":true,"longName":"latitude"},{"name":"lng","type":"number","required":true,"longName":"longitude"},
            {"name":"value","type":"number","required":true,"longName":"Data"},{"name":"message","type":"string","longName":"Message"}]}' \
  "$GATEHOUSE/v1/devices" | jq -r .id)
json -H "authorization: Bearer $user" -d '{"data":{"lat":49.20532,"lng":-123.1404,"value":58.0},"ts":"2012-12-07T01:47:18.639Z"}' "$GATEHOUSE/v1/devices/$mule1/messages" >/dev/null
key=$(json -H "authorization: Bearer $user" -d '{"name":"gateway script"}' "$GATEHOUSE/v1/keys")
key_id=$(jq -r .id <<<"$key")
key_password=$(jq -r .secret <<<"$key")
sensor=$(curl --user "$key_id:$key_password" "$GATEHOUSE/api/sensors/sensetecnic.mule1")
echo "$sensor"
test "$(jq -r '[.name, .owner, .visibility, .longName] | join(" ")' <<<"$sensor")" = "mule1 sensetecnic PUBLIC Big Yellow Taxi"
test "$(jq -r '[.fields[] | .name] | join(",")' <<<"$sensor")" = "lat,lng,value,message"
test "$(jq -r '.fields[2].value, .fields[2].lastUpdate, .lastUpdate' <<<"$sensor" | paste -sd' ')" = "58 2012-12-07T01:47:18.639Z 2012-12-07T01:47:18.639Z"
test "$(jq -r '.fields[3] | has("value")' <<<"$sensor")" = false

# ==== Seed 003 (WoTKit) §2.1.5, Password Grant.
# setup: a registered application (client id and secret) allowed the scope "all".
client=$(json -H "authorization: Bearer $user" -d '{"name":"WoTKit app","redirectUris":["http://127.0.0.1:9/callback"],"scopes":["all"]}' "$GATEHOUSE/v1/oauth/clients")
clientid=$(jq -r .clientId <<<"$client")
clientsecret=$(jq -r .clientSecret <<<"$client")
grant=$(curl -d "grant_type=password&username=$username&password=$password&client_id=$clientid&client_secret=$clientsecret&scope=all" $GATEHOUSE_TLS/api/oauth/token)
echo "$grant"
test "$(jq -r '[.token_type, .scope, (.expires_in > 43000 and .expires_in <= 43200), (.access_token | length > 0), (.refresh_token | length > 0)] | map(tostring) | join(" ")' <<<"$grant")" = "bearer all true true true"

# ==== Seed 002 (ARTIK), Securely post messages.
# setup: the device (sdid) and its access token, which the seed's secure registration would hand
# the device; here its owner issues them.
sdid=$(json -H "authorization: Bearer $user" -d '{"name":"Fitness band"}' "$GATEHOUSE/v1/devices" | jq -r .id)
accessToken=$(json -H "authorization: Bearer $user" -d '{}' "$GATEHOUSE/v1/devices/$sdid/tokens" | jq -r .token)
artik=$(curl -X POST -k -i -H "Accept: application/json" -H "Content-Type: application/json" \
-H "Authorization: bearer $accessToken" \
-d '{"sdid":"'"$sdid"'","data":{"stepCount":100,"timeInBed":200,"asleepTime":10,"calories":150}}' \
--cert "$CERT_DIR/client.cert" --key "$CERT_DIR/client-pri.key" $GATEHOUSE_TLS/v1.1/message)
printf '%s\n' "$artik"
# The seed shows HTTP/1.1; over TLS curl and Kestrel agree on HTTP/2 (ALPN), whose status line has no reason phrase.
head -n1 <<<"$artik" | grep -Eq '^HTTP/(1\.1 200 OK|2 200)'
grep -Eqi '^X-Rate-Limit-Limit: [0-9]+/[0-9]+' <<<"$artik"
grep -Eqi '^X-Rate-Limit-Remaining: [0-9]+/[0-9]+' <<<"$artik"
grep -Eqi '^X-Rate-Limit-Reset: [0-9]+/[0-9]+' <<<"$artik"
grep -qi '^Content-Type: application/json' <<<"$artik"
grep -qi '^Content-Length: 51' <<<"$artik"
tail -n1 <<<"$artik" | jq -e '.data.mid | test("^[0-9a-f]{32}$")' >/dev/null

# ---- Seed 002 lines not yet served (secure registration, ARTIK /v1.1/cert/devices/registrations):
# curl -X POST -k -i -H "Accept: application/json" -H "Content-Type: application/json" \
# -d '{"deviceTypeId":"dt430e40b477dd42ccb09cc83241ef9b99","vendorDeviceId":"a1b2c3d4"}' \
# --cert /path/to/client.cert --key /path/to/client-pri.key https://s-api.artik.cloud/v1.1/cert/devices/registrations
# curl -k -i -H "Accept: application/json" \
# --cert /path/to/client.cert --key /path/to/client-pri.key https://s-api.artik.cloud/v1.1/cert/devices/registrations/01329450db1b4a2d8e17acb4449b0f70/status
# curl -X PUT -k -i -H "Accept: application/json" -H "Content-Type: application/json" \
# -d '{"nonce":"35cc3b62c8a544788a696a652d63d8c5"}' --cert /path/to/client.cert --key /path/to/client-pri.key \
# https://s-api.artik.cloud/v1.1/cert/devices/registrations/01329450db1b4a2d8e17acb4449b0f70
# (The WebSocket lines of seed 002 are not curl lines.)

echo "The seed curl lines ran to the end."
