# Verbatim from the InfluxData docs page "Update a token" (InfluxDB OSS v2; InfluxDB Cloud shows the same text):
#   https://docs.influxdata.com/influxdb/v2/admin/tokens/update-tokens/
# Source: https://github.com/influxdata/docs-v2/blob/79332006271f/content/shared/influxdb-v2/admin/tokens/update-tokens.md (MIT License, (c) InfluxData).
# The test substitutes only: http://localhost:8086 (the server); the token is the environment variable the page assumes.
# ---- verbatim from here ----
# Update the description and status of the first authorization listed for the user.

curl --request GET \
  "http://localhost:8086/api/v2/authorizations?user=user2" \
  --header "Authorization: Token ${INFLUX_TOKEN}" \
  --header 'Content-type: application/json' \
| jq .authorizations[0].id \
| xargs -I authid curl --request PATCH \
  http://localhost:8086/api/v2/authorizations/authid \
  --header "Authorization: Token ${INFLUX_TOKEN}" \
  --header 'Content-type: application/json' \
  --data '{
            "description": "deactivated_auth",
            "status": "inactive"
          }' | jq .
