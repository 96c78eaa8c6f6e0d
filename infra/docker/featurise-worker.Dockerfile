# syntax=docker/dockerfile:1
# seisdec featurise-worker: spectrograms and dataset statistics (seisdec-featurise).
# Build from the repository root (Docker BuildKit):
#   docker build -f infra/docker/featurise-worker.Dockerfile -t seisdec/featurise-worker:0.1.0 .
# Stages: build (all deps, esbuild bundle of apps/featurise-worker) -> deps (npm ci --omit=dev) -> runtime
# (node, the production node_modules and the bundle only; no tsx, no TypeScript, no dev deps).

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.base.json ./
COPY libs ./libs
COPY workflows ./workflows
COPY apps ./apps
COPY infra/src ./infra/src
RUN node_modules/.bin/tsx infra/src/bundle.ts featurise-worker /out

FROM node:20.20.2-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production \
    SEISDEC_HEALTH_HOST=0.0.0.0 \
    SEISDEC_HEALTH_PORT=8080
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /out/apps/featurise-worker/dist ./apps/featurise-worker/dist
# uid/gid 1000 is the image's unprivileged "node" user; numeric so runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 8080
ENTRYPOINT ["node", "--enable-source-maps", "apps/featurise-worker/dist/main.js"]
