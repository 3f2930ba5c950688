"""Harvest a labelled corpus of real pages from software people run.

    python -m bench.harvest --out tests/fixtures/real [--only apache2,django] [--list]

Each source module installs or uses software the package registries hold (Debian apt, PyPI,
npm), runs it on 127.0.0.1 (or renders through the software itself) and records the pages it
answers: error, sign-in and access-denied pages, and real healthy pages. The pages are written
under OUT/<group>/ and described in OUT/labels.csv (see tests/fixtures/real/README.md).
Re-runnable: a harvested group's rows and files are replaced, the other groups' kept.
"""
