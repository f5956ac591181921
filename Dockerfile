# The project's one image. Every process of the Contact Center runs from it, each compose service
# choosing its own with `node --import tsx services/<name>/main.ts`. TypeScript runs through tsx
# (a runtime dependency), so there is no compile step and the image holds the sources as they are.
# Node 22 LTS runs production (Node 20 is past its end of life); the code also runs on Node 20.19+
# (package.json engines), the line development machines have. The image is pinned to a release.
ARG NODE_IMAGE=node:22.23.3-bookworm-slim

# Production dependencies only, exactly as package-lock.json has them, with install scripts off:
# esbuild, @swc/core and the Temporal core bridge load the binaries their packages ship, and the
# rest are checks or telemetry. argon2 alone runs its install script: it loads its prebuilt binary
# in a child process and compiles from source when that fails (the prebuild crashes on some hosts),
# so this stage has a compiler and Node's headers (in the image, under /usr/local). The final
# require fails the build, not the first sign-in, if neither works.
FROM ${NODE_IMAGE} AS deps
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
  && npm rebuild argon2 --nodedir=/usr/local \
  && node -e "require('argon2')" \
  && npm cache clean --force

# The runtime: the slim base, the installed dependencies and the sources; no compiler.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# What reaches the image is decided by .dockerignore: sources yes; tests, docs, local state, secrets no.
# The files stay owned by root, so the processes cannot change their own code.
COPY . .
# The base image's unprivileged user (uid 1000).
USER node
# The gateway's port; the other processes listen on nothing but NATS and Temporal.
EXPOSE 8080
CMD ["node", "--import", "tsx", "services/gateway/main.ts"]
