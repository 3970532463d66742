# syntax=docker/dockerfile:1
# The dlna-bridge image: runs `serve` (the DaemonSet in deploy/) and
# `profile sync`. Multi-stage: TypeScript is compiled in a build stage; the
# runtime stage has only the compiled JavaScript, the production dependencies
# and the curated profiles.
#
# Base: Node.js 24 on Debian 13 (trixie) slim. In November 2026 Node 24 is an
# LTS line supported until April 2028 (Node 22 leaves maintenance in April
# 2027; Node 26 only entered LTS in October 2026 and is not yet in the
# project's test matrix). The project needs Node >= 20. Pin a digest in CI
# (docker buildx imagetools inspect node:24-trixie-slim) for reproducible builds.
#
# Network at build time: the npm registry (npm ci) only; the Node image
# already has everything the runtime needs, so no apt-get at all. Behind a
# TLS-intercepting proxy, hand npm the proxy's CA as a build secret (never
# stored in a layer): --secret id=npm-ca,src=/etc/ssl/certs/ca-certificates.crt
#
# Base image: a build argument, so a mirror or a locally built stand-in can
# replace it: --build-arg NODE_IMAGE=registry.example/node:24-trixie-slim.
# scripts/image-test.sh builds this file with a stand-in made from Debian
# trixie and the same Node 24 binary (test/image/stand-in-base.sh).
#
# Runtime: non-root (uid/gid 65532, as deploy/base/dlna-bridge.yaml runs it),
# works with a read-only root file system: nothing is written under /app, npm
# is not used at run time, HOME is /tmp (mount an emptyDir there if even /tmp
# must be read-only: nothing in `serve` writes to it).
ARG NODE_IMAGE=node:24-trixie-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npm-ca \
    if [ -s /run/secrets/npm-ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm-ca; fi \
 && npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.json ./
COPY scripts/bundle-cli.mjs ./scripts/
COPY src ./src
# The product only: the demo, the namespace testbed and the fuzz harnesses are
# built by tsconfig.extras.json for the npm package, never into the image
# (`dlna-bridge demo` in the image says so in one line, exit 2). Then the CLI
# is bundled over dist/cli/main.js (start-up: scripts/bundle-cli.mjs).
RUN npm run build:product

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
# No dependency needs an install script; refusing them keeps the build from running registry code.
RUN --mount=type=secret,id=npm-ca \
    if [ -s /run/secrets/npm-ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm-ca; fi \
 && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error \
 && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOME=/tmp \
    NO_UPDATE_NOTIFIER=1
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
COPY profiles ./profiles
# Root owns the code (the process cannot modify it even without a read-only
# root file system); the CLI's shebang makes `dlna-bridge` runnable as is.
RUN chmod 0755 dist/cli/main.js \
 && ln -s /app/dist/cli/main.js /usr/local/bin/dlna-bridge
USER 65532:65532
# SSDP, the HTTP proxy, the admin endpoints (/healthz /readyz /metrics).
EXPOSE 1900/udp 8200/tcp 9180/tcp
# SIGTERM -> byebye on the LAN, then exit 0 (the daemon handles it as PID 1).
STOPSIGNAL SIGTERM
ENTRYPOINT ["dlna-bridge"]
CMD ["serve"]
