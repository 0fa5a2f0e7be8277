import type * as dynamic from "@pulumi/pulumi/dynamic";
import { isUnknown } from "../../shared/unknown";
import { connectionToken, connectionUrl } from "./compare";

type Props = Record<string, unknown>;

const differs = (a: unknown, b: unknown) =>
  isUnknown(a) || isUnknown(b) || JSON.stringify(a) !== JSON.stringify(b);

/**
 * The OperatorToken's replace/update rule. The server has exactly one `_admin`, so nothing
 * replaces it except a move to another server.
 *
 * | input                                  | a change...                                          |
 * | -------------------------------------- | ---------------------------------------------------- |
 * | `connection.url`                       | replaces (another server's `_admin`)                 |
 * | `rotationTrigger`                      | updates in place: regenerates the secret             |
 * | `existingToken`                        | updates in place: adopts the given secret            |
 * | `connection.token`                     | updates state only (a fallback credential)           |
 * | (read found it `replaced`)             | updates in place: regenerates with a working secret  |
 */
export function diffOperatorToken(olds: Props, news: Props): dynamic.DiffResult {
  const replaces = differs(connectionUrl(olds), connectionUrl(news)) ? ["connection"] : [];
  const changes =
    replaces.length > 0 ||
    differs(olds["rotationTrigger"], news["rotationTrigger"]) ||
    differs(olds["existingToken"], news["existingToken"]) ||
    differs(connectionToken(olds), connectionToken(news)) ||
    olds["status"] === "replaced";
  return { changes, replaces, deleteBeforeReplace: true };
}
