# Verbatim from the InfluxData docs page "Delete a token" (InfluxDB Cloud Serverless):
#   https://docs.influxdata.com/influxdb3/cloud-serverless/admin/tokens/delete-token/
# Source: https://github.com/influxdata/docs-v2/blob/79332006271f/content/influxdb3/cloud-serverless/admin/tokens/delete-token.md (MIT License, (c) InfluxData).
# The test substitutes only: https://{{< influxdb/host >}} (the server), API_TOKEN.
# ---- verbatim from here ----
# Delete the first authorization listed for the user.
curl --request GET \
  https://{{< influxdb/host >}}/api/v2/authorizations?user=user2 \
  --header "Authorization: Token API_TOKEN" \
  --header 'Content-type: application/json' \
| jq .authorizations[0].id \
| xargs -I authid curl --request DELETE \
  https://{{< influxdb/host >}}/api/v2/authorizations/authid \
  --header "Authorization: Token API_TOKEN" \
  --header 'Content-type: application/json'
