# Verbatim from the InfluxData docs page "View tokens" (InfluxDB OSS v2; InfluxDB Cloud shows the same text):
#   https://docs.influxdata.com/influxdb/v2/admin/tokens/view-tokens/
# Source: https://github.com/influxdata/docs-v2/blob/79332006271f/shared/text/api/v2.0/auth/oss/tokens-view.sh (MIT License, (c) InfluxData).
# The test substitutes only: http://localhost:8086 (the server), YOUR_API_TOKEN, YOUR_ORG_ID.
# ---- verbatim from here ----
INFLUX_TOKEN=YOUR_API_TOKEN

curl --request GET \
	"http://localhost:8086/api/v2/authorizations" \
  --header "Authorization: Token ${INFLUX_TOKEN}" \
  --header 'Content-type: application/json'
