/*
 * The Authorization dynamic provider, as the whole `module.exports` of this file.
 *
 * Why a module of its own: @pulumi/pulumi's closure serializer writes an object that is the
 * exports of a module under node_modules as `require("<package>/<subpath>")` instead of
 * serializing its functions one by one (~230 B of wrapper each), so `__provider`, stored twice per
 * resource in state, is ~300 B instead of ~2.3 KB. The subpath it writes is this file's path,
 * `pulumi-influxdb-tokens/dist/provider/serialized/authorization.js`, whether or not it finds the
 * package's package.json (in test layouts @pulumi/pulumi is a symlink and finds none): the
 * `exports` map of package.json allows exactly `./dist/provider/serialized/*.js` for that reason.
 * Resources serialized before this change keep their old `__provider` text: the host evals
 * whatever text is stored, and both forms end in the same hooks.
 *
 * The methods only `require` the installed package by name and delegate, lazily (./delegate.ts).
 */
import { delegatingProvider } from "./delegate";

export = delegatingProvider("hooks", "authorization");
