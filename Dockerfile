# syntax=docker/dockerfile:1
# The inferbench CLI in a small image: build with the full toolchain, run on distroless Node 20
# with production dependencies only, as a non-root user, writing reports to /results.
#
#   docker build -t inferbench:0.1.0 .
#   docker run --rm -v inferbench-results:/results inferbench:0.1.0 \
#     benchmark --target http://host.docker.internal:8000 --profile sweep --max-seconds 30
#
# Every flag can also be set as INFERBENCH_<FLAG> (or a GuideLLM name); the CLI reads them itself,
# so this image has no shell and no entrypoint script. scripts/check-deploy.ts checks this file
# against the built CLI.

ARG BUILD_IMAGE=node:20-bookworm-slim
ARG RUNTIME_IMAGE=gcr.io/distroless/nodejs20-debian12:nonroot

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json tsup.config.ts ./
COPY src ./src
RUN npm run build

# Production dependencies alone, installed apart from the build so no dev tool reaches the image.
FROM ${BUILD_IMAGE} AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
# Group 0 may write /results: OpenShift runs containers under an arbitrary user id in group 0.
# Made here, where a shell exists, and copied as an entry of /rootfs so it keeps its mode.
RUN mkdir -p /rootfs/results && chmod 0775 /rootfs/results

FROM ${RUNTIME_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
# package.json marks dist/*.js as ES modules ("type": "module").
COPY --from=production-deps /app/package.json ./package.json
COPY --from=production-deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=production-deps --chown=65532:0 /rootfs/ /
USER 65532:0
# The default --output-dir is the working directory: reports land in /results unless a flag, an
# INFERBENCH_OUTPUT_DIR variable or a config file says otherwise.
WORKDIR /results
VOLUME /results
ENTRYPOINT ["/nodejs/bin/node", "/app/dist/cli.js"]
CMD ["benchmark"]
