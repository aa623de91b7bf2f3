# Build: cgo is needed for SQLite (mattn/go-sqlite3). The Go release is pinned
# exactly: .ci/govulncheck.sh scans the module with this same release, so the
# standard-library advisories it checks are those of the shipped binary.
FROM golang:1.27.3-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/ydp1 . \
 && mkdir -p /out/data

# Run: a small glibc image, as an unprivileged user, with the data folder as a volume.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin ydp1
WORKDIR /app
COPY --from=build /out/ydp1 /usr/local/bin/ydp1
COPY --from=build --chown=ydp1:ydp1 /out/data /app/data
USER ydp1
ENV ADDR=:8080 DATABASE_URL=/app/data/ydp1.db
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["ydp1"]
