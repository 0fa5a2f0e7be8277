# Verbatim from the InfluxData docs page "Delete a token" (InfluxDB OSS v2; InfluxDB Cloud shows the same text):
#   https://docs.influxdata.com/influxdb/v2/admin/tokens/delete-token/
# Source: https://github.com/influxdata/docs-v2/blob/79332006271f/content/shared/influxdb-v2/admin/tokens/delete-token.md (MIT License, (c) InfluxData).
# The test substitutes only: http://localhost:8086 (the server); the token is the environment variable the page assumes.
# ---- verbatim from here ----
# Delete the first authorization listed for the user.
curl --request GET \
  "http://localhost:8086/api/v2/authorizations?user=user2" \
  --header "Authorization: Token ${INFLUX_OP_TOKEN}" \
  --header 'Content-type: application/json' \
| jq .authorizations[0].id \
| xargs -I authid curl --request DELETE \
  http://localhost:8086/api/v2/authorizations/authid \
  --header "Authorization: Token ${INFLUX_OP_TOKEN}" \
  --header 'Content-type: application/json'
