/**
 * The consumer: an application stack that does not manage tokens, it uses one. It reads the
 * producer's secret output and writes it into the configuration of the service that needs it.
 * Here that is a rendered telegraf.conf exported as a secret output; in a real stack it goes into
 * the resource that holds the service's secrets, e.g.
 *
 *   new k8s.core.v1.Secret("telegraf", { stringData: { "telegraf.conf": telegrafConf } });
 *   new aws.secretsmanager.SecretVersion("telegraf", { secretId: ..., secretString: token });
 *
 * Both take a secret Output as it is: the value never appears in plain text in either stack.
 */
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const producer = new pulumi.StackReference(
  config.get("producerStack") ?? "organization/influxdb-tokens-producer/dev",
);

const token = producer.requireOutput("telegrafToken"); // a secret, because the producer exported one
const url = producer.requireOutput("influxUrl");
const org = producer.requireOutput("org");

const telegrafConf = pulumi.secret(
  pulumi.interpolate`[[outputs.influxdb_v2]]
  urls = ["${url}"]
  token = "${token}"
  organization = "${org}"
  bucket = "telemetry"
`,
);

export const telegrafConfig = telegrafConf; // secret: pulumi stack output --show-secrets telegrafConfig
export const tokenId = producer.requireOutput("telegrafTokenId"); // not secret: IDs are not credentials
