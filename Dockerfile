# gatewatch: the scheduler, the workers and every command, in one image.
#   docker build -t gatewatch:0.1.0 .
#   docker run --rm gatewatch:0.1.0 --help
#
# Two stages: the builder installs gatewatch into a virtualenv; the runtime copies that
# virtualenv alone (no pip cache, no build tools, no source tree) onto the same base, with
# chromium. The base is pinned by its full tag; where the registry can be reached, pin its
# digest too (python:3.11.16-slim-bookworm@sha256:...).
ARG PYTHON_IMAGE=python:3.11.16-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/gatewatch
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY cli ./cli
COPY crawler ./crawler
COPY demo ./demo
COPY reports ./reports
COPY scheduler ./scheduler
COPY storage ./storage
RUN /opt/gatewatch/bin/pip install ".[postgres,workers]"

FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONUNBUFFERED=1 \
    PATH=/opt/gatewatch/bin:$PATH

# Debian's chromium renders client-rendered pages (crawler/rendering.py); a container
# usually has no user namespaces for chromium's sandbox: the container is the sandbox
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium \
    && rm -rf /var/lib/apt/lists/*
ENV GATEWATCH_CHROMIUM_NO_SANDBOX=1

COPY --from=builder /opt/gatewatch /opt/gatewatch

RUN useradd --create-home --uid 1000 gatewatch \
    && mkdir -p /data/reports \
    && chown -R gatewatch /data
USER gatewatch
WORKDIR /data

# Healthy while the database answers and is up to date: the scheduler's and the workers'
# database ($GATEWATCH_DATABASE_URL, as docker-compose.yml sets it; else /data/gatewatch.db).
# `db check` reads only: it never creates or migrates a database beside the scheduler.
HEALTHCHECK --interval=60s --timeout=30s --start-period=60s --retries=3 CMD ["gatewatch", "db", "check"]

ENTRYPOINT ["gatewatch"]
CMD ["scheduler", "--config", "/config/gatewatch.toml"]
