# gatewatch: the scheduler and every command, in one image.
#   docker build -t gatewatch .
#   docker run --rm gatewatch --help
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Debian's chromium renders client-rendered pages (crawler/rendering.py); a container
# usually has no user namespaces for chromium's sandbox: the container is the sandbox
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium \
    && rm -rf /var/lib/apt/lists/*
ENV GATEWATCH_CHROMIUM_NO_SANDBOX=1

WORKDIR /src
COPY pyproject.toml README.md ./
COPY cli ./cli
COPY crawler ./crawler
COPY demo ./demo
COPY reports ./reports
COPY scheduler ./scheduler
COPY storage ./storage
RUN pip install ".[postgres,workers]" && rm -rf /src

RUN useradd --create-home --uid 1000 gatewatch \
    && mkdir -p /data/reports \
    && chown -R gatewatch /data
USER gatewatch
WORKDIR /data

ENTRYPOINT ["gatewatch"]
CMD ["scheduler", "--config", "/config/gatewatch.toml"]
