# Shortcuts for the commands the README documents; each target runs the same thing by hand.
PY := .venv/bin/python
VENV := .venv/bin

.PHONY: install run test schema gold role-model eval bench

$(VENV)/newsfacts:
	python3 -m venv .venv && $(VENV)/pip install -q -e ".[test,bench]"

install: $(VENV)/newsfacts

run: install
	$(VENV)/newsfacts extract seeds/ --out output/

test: install
	$(VENV)/pytest

schema: install
	$(VENV)/newsfacts schema > schemas/newsfacts.schema.json

gold:
	python3 tests/gold/build.py

# after a change to the dev gold, deal_words.json or the deal rules: the learned role and party weights, trained on dev only
role-model: install
	$(PY) -m pipeline.extract.deals.training tests/gold/dev.jsonl

eval: install
	$(VENV)/newsfacts eval tests/gold/dev.jsonl
	$(VENV)/newsfacts eval tests/gold/test.jsonl

bench: install
	$(PY) benchmarks/money_accuracy.py
	$(PY) benchmarks/date_accuracy.py
	$(PY) benchmarks/ner_accuracy.py
	$(PY) benchmarks/throughput.py
