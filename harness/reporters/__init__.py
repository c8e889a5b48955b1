"""Reporters: one module per output format, each a function from a run's results to a file.

A reporter reads only what a run recorded in its results folder (run.json, steps.jsonl,
scenarios.jsonl, transcript.txt...), never the live browser, so it works on an interrupted
run's folder and can be re-run later (`pesp-a11y report RUN_DIR`). As pa11y keeps a reporter
per format, each format here is one module with one public `write_*` function.
"""
