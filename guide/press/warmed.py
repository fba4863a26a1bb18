"""Imported by the press server (`guide.pipeline.press_server`) for a build of many
documents, after `guide.press.warm`: it prints the warm-up page once (`pdf.warm_up`), so
that every worker forked after it starts with the bundled fonts loaded, the hyphenation
dictionaries read and WeasyPrint's C functions looked up, instead of each doing it again.
A build of one sheet does without: its one worker would wait for the page."""

import contextlib

from guide.press.pdf import warm_up

with contextlib.suppress(Exception):  # only a head start: cold workers still print
    warm_up()
