# Verbatim from the InfluxData docs page "View tokens" (InfluxDB Cloud Serverless), section "View a single token":
#   https://docs.influxdata.com/influxdb3/cloud-serverless/admin/tokens/view-tokens/#view-a-single-token
# Source: https://github.com/influxdata/docs-v2/blob/79332006271f/content/influxdb3/cloud-serverless/admin/tokens/view-tokens.md (MIT License, (c) InfluxData).
# The test substitutes only: https://us-west-2-1.aws.{{< influxdb/host >}} (the server), API_TOKEN, AUTHORIZATION_ID.
# ---- verbatim from here ----
curl --request GET \
	"https://us-west-2-1.aws.{{< influxdb/host >}}/api/v2/authorizations/AUTHORIZATION_ID" \
  --header "Authorization: Token API_TOKEN" \
  --header 'Content-type: application/json'
