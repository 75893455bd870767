# syntax=docker/dockerfile:1
# One image for every lpr command; docker-compose.yml runs it as ingest and recognizer workers.
#   docker build -t lpr .                                                   # CPU (default target)
#   docker build -t lpr:gpu --target gpu --build-arg ONNXRUNTIME_NODE_INSTALL=cuda12 .   # CUDA recognizers

FROM node:20-bookworm-slim AS build
WORKDIR /app
# skip: only the CPU provider the npm package ships (the repository's .npmrc default); cuda12: also download the
# CUDA 12 provider (needs network at build time).
ARG ONNXRUNTIME_NODE_INSTALL=skip
ENV npm_config_onnxruntime_node_install=${ONNXRUNTIME_NODE_INSTALL}
# Manifests first, so that the dependency layer is rebuilt only when they change.
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.base.json ./
COPY packages/core/package.json packages/core/
COPY packages/decode/package.json packages/decode/
COPY packages/detect/package.json packages/detect/
COPY packages/track/package.json packages/track/
COPY packages/recognize/package.json packages/recognize/
COPY packages/vote/package.json packages/vote/
COPY packages/queue/package.json packages/queue/
COPY packages/events/package.json packages/events/
COPY packages/metrics/package.json packages/metrics/
COPY packages/pipeline/package.json packages/pipeline/
COPY packages/cameras/package.json packages/cameras/
COPY apps/cli/package.json apps/cli/
# --ignore-scripts: the root "prepare" (tsc -b) needs the sources, which come next; the install scripts that matter
# (onnxruntime-node's provider download, the ffmpeg binary's chmod) run explicitly.
RUN npm ci --no-audit --no-fund --ignore-scripts \
 && npm rebuild onnxruntime-node @ffmpeg-installer/linux-x64
COPY packages packages
COPY apps apps
# --force: build outputs that came with the context must not count as up to date.
RUN npx tsc -b . apps/cli --force && npm prune --omit=dev --no-audit --no-fund

# GPU recognizers: onnxruntime-node's CUDA provider needs the CUDA 12 runtime and cuDNN 9 in the image (the NVIDIA
# container runtime brings only the driver). Node is copied over from the official image (same glibc generation).
FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04 AS gpu
COPY --from=build /usr/local/bin/node /usr/local/bin/node
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/packages packages
COPY --from=build /app/apps apps
COPY models models
COPY schemas schemas
EXPOSE 9101
USER 1000
ENTRYPOINT ["node", "apps/cli/bin/lpr.js"]
CMD ["recognizer", "--help"]

FROM node:20-bookworm-slim AS cpu
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/packages packages
COPY --from=build /app/apps apps
COPY models models
COPY schemas schemas
# Workers serve /metrics, /healthz and /readyz: ingest on 9100, recognizer on 9101 by default.
EXPOSE 9100 9101
# Plate pictures (lpr ingest --snapshots /snapshots): a named volume mounted here takes this folder's owner.
RUN mkdir /snapshots && chown node:node /snapshots
USER node
ENTRYPOINT ["node", "apps/cli/bin/lpr.js"]
CMD ["--help"]
