# Production image: the portal (gunicorn) and the queue worker (qcluster).
# Built by docker-compose.yml; configured entirely by environment variables.
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/srv/var \
    STATIC_ROOT=/srv/static FILE_STORAGE_ROOT=/srv/files
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /srv portal
WORKDIR /srv/app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY manage.py ./
COPY portal portal
COPY applications applications
COPY naturalisation naturalisation
COPY appointments appointments
COPY fees fees
COPY locations locations
COPY templates templates
COPY static static
COPY locale locale
COPY --from=assets /build/node_modules node_modules
COPY scripts/build_fonts.py scripts/build_fonts.py
# Build-time only values: the settings refuse to start without real ones.
RUN python scripts/build_fonts.py build/fonts \
 && SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py collectstatic --noinput -v0 \
 && find locale -name '*.po' -execdir msgfmt -o django.mo django.po \; \
 && mkdir -p /srv/var /srv/files && chown -R portal /srv/var /srv/files
USER portal
EXPOSE 8000
CMD ["gunicorn", "--config", "python:portal.gunicorn_conf", "portal.wsgi:application", "--bind", "0.0.0.0:8000"]
