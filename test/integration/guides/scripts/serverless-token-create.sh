# Verbatim from the InfluxData docs page "Create a token" (InfluxDB Cloud Serverless):
#   https://docs.influxdata.com/influxdb3/cloud-serverless/admin/tokens/create-token/
# Source: https://github.com/influxdata/docs-v2/blob/79332006271f/shared/text/api/cloud-serverless/auth/token-create.sh (MIT License, (c) InfluxData).
# The test substitutes only: https://cloud2.influxdata.com (the server), API_TOKEN, ORG_ID, AUTHORIZATION_DESCRIPTION.
# ---- verbatim from here ----
curl --request POST \
  https://cloud2.influxdata.com/api/v2/authorizations \
  --header "Authorization: Token API_TOKEN" \
  --header 'Content-type: application/json' \
  --data '{
  "status": "active",
  "description": "AUTHORIZATION_DESCRIPTION",
  "orgID": "ORG_ID",
  "permissions": [
    {
      "action": "read",
      "resource": {
        "orgID": "ORG_ID",
        "type": "authorizations"
      }
    },
    {
      "action": "read",
      "resource": {
        "orgID": "ORG_ID",
        "type": "buckets"
      }
    },
    {
      "action": "write",
      "resource": {
        "orgID": "ORG_ID",
        "type": "buckets",
        "name": "iot-center" 
      }
    }
  ]
}'

