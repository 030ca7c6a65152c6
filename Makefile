# Cadence: every command a developer or CI needs. `make help` lists them.
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
# Bytecode is written where an environment sets PYTHONDONTWRITEBYTECODE (this kind of machine
# does): else every process the tests start (services, workers, migrations) compiles every
# module it imports again, and a fresh member environment (test-members) starts from none.
unexport PYTHONDONTWRITEBYTECODE

UV ?= uv
RUN := $(UV) run --no-sync

.PHONY: help install run start stop logs logs-json status admin format migrate render test lint typecheck \
        test-members test-e2e test-alone bench events new-service seed clients

help: ## this list
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

install: ## uv, the workspace, nginx and the backends (installed from Debian's packages if missing)
	deploy/local/bootstrap.sh

run: install ## the whole suite locally: gateway on http://127.0.0.1:8000, Ctrl-C stops it
	$(RUN) python deploy/local/stack.py up

start: install ## the suite in the background (then `make stop`)
	$(RUN) python deploy/local/stack.py start

stop: ## stop a suite started with `make start` (or by the tests)
	$(RUN) python deploy/local/stack.py stop

# Every process writes its own file under .run/logs, honcho its stack.log; `make logs SERVICE=audio`:
# only that service and its workers (audio.1, audio-analysis.1).
LOGS = $(RUN) python -m cadence_shared.log_files --folder .run/logs $(if $(SERVICE),--service $(SERVICE))

logs: ## follow the suite's logs, merged and made readable; SERVICE=x: one service and its workers
	$(LOGS)

logs-json: ## follow the suite's logs as written: one JSON object a line, for tools (SERVICE=x too)
	$(LOGS) --json

status: ## the health of every process of the running stack at a glance (from gateway/routes.toml)
	$(RUN) python deploy/local/status.py

admin: ## create (or promote) an admin account: make admin EMAIL=you@example.com (asks the password)
	@test -n "$(EMAIL)" || { echo "usage: make admin EMAIL=you@example.com"; exit 2; }
	$(RUN) cadence auth create-admin --email "$(EMAIL)"

format: ## ruff: fix what it can and format every file
	$(RUN) ruff check --fix .
	$(RUN) ruff format .

seed: ## demo data in a running suite (`make start` first), through the gateway; prints the login
	$(RUN) python deploy/local/seed.py

migrate: ## apply every service's migrations (alembic upgrade head)
	$(RUN) python deploy/local/stack.py migrate

render: ## render nginx, Traefik, Kubernetes, compose, Dockerfiles, .env.example, the problem and event catalogs
	$(RUN) python -m cadence_gateway.render
	$(RUN) python deploy/local/env_example.py
	$(RUN) python deploy/local/problems_catalog.py
	$(RUN) python deploy/local/asyncapi_catalog.py

new-service: ## a new service from deploy/template: make new-service NAME=x [PORT=n]
	@test -n "$(NAME)" || { echo "usage: make new-service NAME=x [PORT=n]"; exit 2; }
	$(RUN) python deploy/local/new_service.py $(NAME) $(if $(PORT),--port $(PORT))

test: ## lint, types, every member's tests, and the e2e tests against a stack started for them
	deploy/local/bootstrap.sh --test
	$(MAKE) --jobs=2 --output-sync=target lint typecheck
	$(MAKE) test-members test-e2e

SPECTRAL := deploy/lint/node_modules/.bin/spectral
TSC := clients/typescript/node_modules/.bin/tsc

clients: ## the typed clients from the merged OpenAPI document: clients/python, clients/typescript
	@test -x $(TSC) || { echo "the TypeScript generator is missing: deploy/local/bootstrap.sh --test installs it"; exit 1; }
	$(RUN) python deploy/local/clients.py

lint: ## ruff, Spectral over every OpenAPI document, the AsyncAPI parser over the event catalog, fresh typed clients
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	@test -x $(SPECTRAL) || { echo "Spectral is missing: deploy/local/bootstrap.sh --test installs it"; exit 1; }
	$(RUN) python deploy/local/openapi_specs.py build/openapi
	$(SPECTRAL) lint --fail-severity error --display-only-failures \
	  --ruleset deploy/lint/.spectral.yaml build/openapi/*.json
	node deploy/lint/asyncapi-validate.mjs gateway/src/cadence_gateway/asyncapi.json
	@test -x $(TSC) || { echo "the TypeScript client's tools are missing: deploy/local/bootstrap.sh --test installs them"; exit 1; }
	$(RUN) python deploy/local/clients.py --check
	cd clients/typescript && node_modules/.bin/tsc --noEmit

typecheck: ## mypy (strict) over every member's code, its tests, the e2e tests and the benchmarks
	$(RUN) mypy shared/src gateway/src services/*/src deploy/local
	$(RUN) mypy shared/tests gateway/tests services/*/tests tests-e2e bench

# `make test-members ONLY="tasks auth"`: some members only.
test-members: ## each member's tests in its own environment (uv sync --locked --package): undeclared deps fail
	$(RUN) python deploy/local/members_alone.py $(ONLY)

test-alone: ## each member synced alone (without its dev group) and every module imported, no tests
	$(RUN) python deploy/local/members_alone.py --imports-only $(ONLY)

test-e2e: ## the e2e tests, through the gateway of a stack they start (see tests-e2e/conftest.py)
	$(RUN) pytest tests-e2e -q

bench: ## benchmarks: results in bench/results/*.json, summary in bench/README.md
	deploy/local/bootstrap.sh --bench
	$(RUN) python bench/run.py

events: ## parked events: make events ARGS="tasks parked" (or "tasks replay QUEUE", "tasks drop QUEUE --all")
	$(RUN) cadence events $(ARGS)
