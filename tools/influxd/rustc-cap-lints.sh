#!/bin/sh
# RUSTC_WRAPPER for building Flux's Rust core (libflux) with today's stable rustc.
#
# Cargo runs `$RUSTC_WRAPPER <rustc> <args...>`. flux-core denies warnings
# (#![deny(warnings)]), and rustc releases newer than the one Flux pins warn about
# code the old one accepted, so the build fails on lints, not on errors.
# `--cap-lints warn` turns those denials back into warnings. RUSTFLAGS cannot do
# this: cargo leaves it off the build-dependencies Flux compiles for the host.
# Cargo already passes `--cap-lints allow` to registry crates, and rustc refuses
# the option twice, so such calls pass through unchanged.
for arg in "$@"; do
  case "$arg" in
    --cap-lints | --cap-lints=*) exec "$@" ;;
  esac
done
exec "$@" --cap-lints warn
