"""Benchmark harness: a seeded synthetic portal, and the builds that measure it.

Run the modules with the project's interpreter from the repository root,
for example ``.venv/bin/python -m bench.run --sizes 50,300``; see
``bench/README.md``.
"""
