# Verbatim from the InfluxData docs page "Create a token" (InfluxDB OSS v2; InfluxDB Cloud shows the same text):
#   https://docs.influxdata.com/influxdb/v2/admin/tokens/create-token/
# Source: https://github.com/influxdata/docs-v2/blob/79332006271f/shared/text/api/v2.0/auth/oss/token-create.sh (MIT License, (c) InfluxData).
# The test substitutes only: http://localhost:8086 (the server), YOUR_API_TOKEN, YOUR_ORG_ID.
# ---- verbatim from here ----
INFLUX_ORG_ID=YOUR_ORG_ID
INFLUX_TOKEN=YOUR_API_TOKEN

curl -v --request POST \
  http://localhost:8086/api/v2/authorizations \
  --header "Authorization: Token ${INFLUX_TOKEN}" \
  --header 'Content-type: application/json' \
  --data '{
  "status": "active",
  "description": "iot-center-device",
  "orgID": "'"${INFLUX_ORG_ID}"'",
  "permissions": [
    {
      "action": "read",
      "resource": {
        "orgID": "'"${INFLUX_ORG_ID}"'",
        "type": "authorizations"
      }
    },
    {
      "action": "read",
      "resource": {
        "orgID": "'"${INFLUX_ORG_ID}"'",
        "type": "buckets"
      }
    },
    {
      "action": "write",
      "resource": {
        "orgID": "'"${INFLUX_ORG_ID}"'",
        "type": "buckets",
        "name": "iot-center" 
      }
    }
  ]
}'

