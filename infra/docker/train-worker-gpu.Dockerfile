# syntax=docker/dockerfile:1
# seisdec train-worker, GPU image: autoencoder pretraining, embedding and DEC fine-tuning on CUDA
# (task queue seisdec-gpu) through @tensorflow/tfjs-node-gpu. The prod overlay runs this image.
# Build from the repository root (Docker BuildKit):
#   docker build -f infra/docker/train-worker-gpu.Dockerfile -t seisdec/train-worker-gpu:0.1.0 .
#
# CUDA base: @tensorflow/tfjs-node-gpu 4.22.0 loads libtensorflow 2.9.1 (its scripts/deps-constants.js),
# built for CUDA 11.2 + cuDNN 8.1. CUDA 11.x runtimes keep the 11.x sonames (minor-version
# compatibility) and cuDNN 8.x stays ABI-compatible, so the 11.8 + cuDNN 8 runtime image serves it;
# the node needs an NVIDIA driver >= 520 (CUDA 11.8) and the NVIDIA device plugin.
#
# tfjs-node-gpu's install script downloads libtensorflow-gpu and its prebuilt N-API binding from
# TensorFlow's release storage (not an npm tarball), so this build needs that host reachable.

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.base.json ./
COPY libs ./libs
COPY workflows ./workflows
COPY apps ./apps
COPY infra/src ./infra/src
RUN node_modules/.bin/tsx infra/src/bundle.ts train-worker /out

FROM node:20.20.2-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

# The native CUDA backend in its own folder with its own lock file (infra/docker/tfjs-node-gpu), so
# the root lock file stays the same for every image; libs/model searches SEISDEC_TFJS_NODE_MODULES
# first. Its install script runs here (and only here): it fetches libtensorflow-gpu 2.9.1.
FROM node:20.20.2-bookworm-slim AS tfjs-gpu
WORKDIR /opt/tfjs-node-gpu
COPY infra/docker/tfjs-node-gpu/package.json infra/docker/tfjs-node-gpu/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force \
 && test -f node_modules/@tensorflow/tfjs-node-gpu/deps/lib/libtensorflow.so.2.9.1

FROM nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04 AS runtime
# Node from the same official image as the other services (glibc >= 2.28; Ubuntu 22.04 has 2.35).
COPY --from=build /usr/local/bin/node /usr/local/bin/node
RUN groupadd --gid 1000 seisdec \
 && useradd --uid 1000 --gid 1000 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin seisdec
ENV NODE_ENV=production \
    SEISDEC_HEALTH_HOST=0.0.0.0 \
    SEISDEC_HEALTH_PORT=8080 \
    SEISDEC_TF_BACKEND=tensorflow \
    SEISDEC_TFJS_NODE_MODULES=/opt/tfjs-node-gpu/node_modules \
    TF_CPP_MIN_LOG_LEVEL=1
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=tfjs-gpu /opt/tfjs-node-gpu /opt/tfjs-node-gpu
COPY --from=build /out/apps/train-worker/dist ./apps/train-worker/dist
USER 1000:1000
EXPOSE 8080
ENTRYPOINT ["node", "--enable-source-maps", "apps/train-worker/dist/main.js"]
