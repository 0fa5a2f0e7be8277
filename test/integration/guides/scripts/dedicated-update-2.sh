# Verbatim from the InfluxData docs page "Update a database token" (InfluxDB Cloud Dedicated):
#   https://docs.influxdata.com/influxdb3/cloud-dedicated/admin/tokens/database/update/
# Source: https://github.com/influxdata/docs-v2/blob/79332006271f/content/influxdb3/cloud-dedicated/admin/tokens/database/update.md (MIT License, (c) InfluxData).
# The test substitutes only: https://console.influxdata.com (the server), ACCOUNT_ID, CLUSTER_ID, MANAGEMENT_TOKEN, TOKEN_ID, DATABASE_NAME, DATABASE1_NAME, DATABASE2_NAME.
# ---- verbatim from here ----
curl \
   --location "https://console.influxdata.com/api/v0/accounts/ACCOUNT_ID/clusters/CLUSTER_ID/tokens/TOKEN_ID" \
   --request PATCH \
   --header "Accept: application/json" \
   --header 'Content-Type: application/json' \
   --header "Authorization: Bearer MANAGEMENT_TOKEN" \
   --data '{
     "description": "Read/write to DATABASE_NAME",
     "permissions": [
       {
         "action": "read",
         "resource": "DATABASE_NAME"
       },
       {
         "action": "write",
         "resource": "DATABASE_NAME"
       }
      ]
   }'
