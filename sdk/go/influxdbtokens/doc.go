// InfluxDB API tokens as Pulumi resources: InfluxDB v2 / Cloud authorizations, InfluxDB 3 Clustered / Cloud Dedicated database tokens, and InfluxDB 3 Core / Enterprise tokens.
package influxdbtokens
