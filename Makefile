# perch: every target installs what it needs (Node.js and npm are the only prerequisites).
SHELL := /bin/bash
BUN := node_modules/.bin/bun
PORT ?= 8080

.PHONY: install run test typecheck lint fmt build bench clean

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: node_modules/.installed

run: install
	$(BUN) src/main.ts server --flows flows --data .perch --port $(PORT)

typecheck: install
	node_modules/.bin/tsc -p tsconfig.json

lint: install
	node_modules/.bin/biome lint

fmt: install
	node_modules/.bin/biome format --write

# Type check, lint, then every test; the last line is "N passed, M failed" counted from the run.
test: install typecheck lint
	@set -o pipefail; $(BUN) test 2>&1 | tee .test-output; status=$$?; \
	  pass=$$(grep -E '^ *[0-9]+ pass$$' .test-output | tail -1 | grep -oE '[0-9]+'); \
	  fail=$$(grep -E '^ *[0-9]+ fail$$' .test-output | tail -1 | grep -oE '[0-9]+'); \
	  echo "$${pass:-0} passed, $${fail:-0} failed"; \
	  if [ "$${pass:-0}" = "0" ]; then exit 1; fi; exit $$status

build: install
	$(BUN) build --compile --minify --bytecode --sourcemap src/main.ts --outfile dist/perch

bench: install build
	$(BUN) bench/expr.ts
	$(BUN) bench/storage.ts
	$(BUN) bench/webhook.ts --binary

clean:
	rm -rf dist .perch .test-output
