#!/usr/bin/env bash
# The curl lines of the seeds (../shared/seeds/*.txt), run against a started gateway.
#
# Each seed line is as the seed writes it, with the host swapped (and ARTIK's client certificate
# paths pointed at real files); the only other changes fill what the seeds tell the reader to
# fill: $OPERATOR_API_KEY, {key_id}:{key_password}, {username}, {password}, {clientid},
# {clientsecret}, and ARTIK's rid, nonce, access token and sdid, which the seed takes from earlier responses.
# The "setup" steps between them make those values on this gateway; they are not seed lines.
#
# Needs: bash, curl, jq, and
#   GATEHOUSE      the gateway's http base URL, e.g. http://127.0.0.1:5080 (stands for http://wotkit.sensetecnic.com)
#   GATEHOUSE_TLS  its https base URL, e.g. https://127.0.0.1:5443 (stands for https://api.evrythng.com
#                  and https://wotkit.sensetecnic.com); curl must trust its certificate for the lines
#                  without -k (CURL_CA_BUNDLE)
#   GATEHOUSE_SECURE its secure endpoint (Kestrel:Endpoints:Secure, asks for client certificates),
#                  e.g. https://127.0.0.1:5444 (stands for https://s-api.artik.cloud and https://s-api.artik.cloud:443)
#   ADMIN_PASSWORD the bootstrap administrator's password (ADMIN_USERNAME, default admin)
#   CERT_DIR       a folder with client.cert and client-pri.key (ARTIK's --cert/--key; PEM) and
#                  vendor-ca.crt, the vendor CA that signed client.cert
#   SERIAL_LAST4   the last 4 hex digits of client.cert's serial number, which the user reads off the device
# on a fresh gateway: the seeds name the user sensetecnic and the sensor mule1.
# tests/Gateway.Tests/SeedCurlScriptTests.cs runs it on every test run and needs its last line.
set -euo pipefail
: "${GATEHOUSE:?}" "${GATEHOUSE_TLS:?}" "${GATEHOUSE_SECURE:?}" "${ADMIN_PASSWORD:?}" "${CERT_DIR:?}" "${SERIAL_LAST4:?}"
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

# ==== Seed 002 (ARTIK), Secure registration, then Securely post messages.
# setup: the vendor's secure device type with the seed's dtid, trusting the vendor CA that signed
# client.cert ("Work with the ARTIK Cloud team to update your device type"); sensetecnic is the vendor.
json -H "authorization: Bearer $user" -d '{"id":"dt430e40b477dd42ccb09cc83241ef9b99","name":"Fitness band","visibility":"public"}' "$GATEHOUSE/v1/device-types" >/dev/null
json -X PUT -H "authorization: Bearer $user" -d "$(jq -n --rawfile ca "$CERT_DIR/vendor-ca.crt" '{certificates: [$ca]}')" \
  "$GATEHOUSE/v1/device-types/dt430e40b477dd42ccb09cc83241ef9b99/trust" | jq -e '.secure == true' >/dev/null
# setup: the buyer, who pairs the device in the browser.
buyer=buyer
buyer_password=buyer-password-$RANDOM$RANDOM
json -H "authorization: Bearer $admin" -d "$(jq -n --arg u "$buyer" --arg p "$buyer_password" '{username: $u, password: $p}')" "$GATEHOUSE/v1/users" >/dev/null

# The headers every answer of the secure registration carries in the seed.
artik_headers() {
  grep -qi '^Access-Control-Allow-Origin: \*' <<<"$1"
  grep -qi '^Access-Control-Allow-Headers: Origin, X-Requested-With, Content-Type, Accept, Referer, User-Agent, Authorization' <<<"$1"
  grep -qi '^Access-Control-Allow-Methods: POST, GET, PUT, DELETE, OPTIONS' <<<"$1"
  grep -qi '^Allow: \*' <<<"$1"
  grep -qi '^Content-Type: application/json; charset=utf-8' <<<"$1"
  head -n1 <<<"$1" | grep -Eq '^HTTP/(1\.1 200 OK|2 200)'
}

# Initiate the registration.
registration=$(curl -X POST -k -i -H "Accept: application/json" -H "Content-Type: application/json" \
-d '{"deviceTypeId":"dt430e40b477dd42ccb09cc83241ef9b99","vendorDeviceId":"a1b2c3d4"}' \
--cert "$CERT_DIR/client.cert" --key "$CERT_DIR/client-pri.key" $GATEHOUSE_SECURE/v1.1/cert/devices/registrations)
printf '%s\n' "$registration"
artik_headers "$registration"
tail -n1 <<<"$registration" | jq -e '(.data | keys_unsorted) == ["rid","pin","nonce","expiresOn"] and (.data.rid | test("^[0-9a-f]{32}$"))
  and (.data.pin | test("^[A-Z0-9]{8}$")) and (.data.nonce | test("^[0-9a-f]{32}$")) and (.data.expiresOn | type == "number")' >/dev/null
rid=$(tail -n1 <<<"$registration" | jq -r .data.rid)
pin=$(tail -n1 <<<"$registration" | jq -r .data.pin)
nonce=$(tail -n1 <<<"$registration" | jq -r .data.nonce)

# setup: the buyer enters the PIN and the certificate serial's last 4 digits on the pairing page (the seed's browser step).
paired=$(curl -sS -w '\n%{http_code}' --data-urlencode "username=$buyer" --data-urlencode "password=$buyer_password" \
  --data-urlencode "pin=$pin" --data-urlencode "serial=$SERIAL_LAST4" "$GATEHOUSE/pair")
test "$(tail -n1 <<<"$paired")" = 200

# Check registration status.
status=$(curl -k -i -H "Accept: application/json" \
--cert "$CERT_DIR/client.cert" --key "$CERT_DIR/client-pri.key" $GATEHOUSE_SECURE/v1.1/cert/devices/registrations/$rid/status)
printf '%s\n' "$status"
artik_headers "$status"
test "$(tail -n1 <<<"$status")" = '{"data":{"status":"PENDING_DEVICE_COMPLETION"}}'

# Complete the registration.
completion=$(curl -X PUT -k -i -H "Accept: application/json" -H "Content-Type: application/json" \
-d '{"nonce":"'"$nonce"'"}' --cert "$CERT_DIR/client.cert" --key "$CERT_DIR/client-pri.key" \
$GATEHOUSE_SECURE/v1.1/cert/devices/registrations/$rid)
printf '%s\n' "$completion"
artik_headers "$completion"
tail -n1 <<<"$completion" | jq -e '(.data | keys_unsorted) == ["accessToken","uid","did"] and (.data.did | test("^[0-9a-f]{32}$"))' >/dev/null
accessToken=$(tail -n1 <<<"$completion" | jq -r .data.accessToken)
sdid=$(tail -n1 <<<"$completion" | jq -r .data.did)

# Securely post messages, with the token and sdid the registration answered.
artik=$(curl -X POST -k -i -H "Accept: application/json" -H "Content-Type: application/json" \
-H "Authorization: bearer $accessToken" \
-d '{"sdid":"'"$sdid"'","data":{"stepCount":100,"timeInBed":200,"asleepTime":10,"calories":150}}' \
--cert "$CERT_DIR/client.cert" --key "$CERT_DIR/client-pri.key" $GATEHOUSE_SECURE/v1.1/message)
printf '%s\n' "$artik"
# The seed shows HTTP/1.1; over TLS curl and Kestrel agree on HTTP/2 (ALPN), whose status line has no reason phrase.
head -n1 <<<"$artik" | grep -Eq '^HTTP/(1\.1 200 OK|2 200)'
grep -Eqi '^X-Rate-Limit-Limit: [0-9]+/[0-9]+' <<<"$artik"
grep -Eqi '^X-Rate-Limit-Remaining: [0-9]+/[0-9]+' <<<"$artik"
grep -Eqi '^X-Rate-Limit-Reset: [0-9]+/[0-9]+' <<<"$artik"
grep -qi '^Content-Type: application/json' <<<"$artik"
grep -qi '^Content-Length: 51' <<<"$artik"
tail -n1 <<<"$artik" | jq -e '.data.mid | test("^[0-9a-f]{32}$")' >/dev/null
# check, not a seed line: "If a secure device makes an API call to a non-secure endpoint, it will get a 403 error."
test "$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: bearer $accessToken" -H "Content-Type: application/json" \
  -d '{"sdid":"'"$sdid"'","data":{"stepCount":1}}' "$GATEHOUSE/v1.1/message")" = 403
# (The WebSocket lines of seed 002 are not curl lines.)

echo "The seed curl lines ran to the end."
