# Verbatim from the InfluxData docs page "View tokens" (InfluxDB Cloud Serverless):
#   https://docs.influxdata.com/influxdb3/cloud-serverless/admin/tokens/view-tokens/
# Source: https://github.com/influxdata/docs-v2/blob/79332006271f/shared/text/api/cloud-serverless/auth/tokens-view.sh (MIT License, (c) InfluxData).
# The test substitutes only: https://cloud2.influxdata.com (the server), API_TOKEN, ORG_ID, AUTHORIZATION_DESCRIPTION.
# ---- verbatim from here ----
curl --request GET \
	"https://cloud2.influxdata.com/api/v2/authorizations" \
  --header "Authorization: Token API_TOKEN" \
  --header 'Content-type: application/json'
