"""Stage 5, press: HTML laid out by WeasyPrint into PDF bytes, checked for print, joined
into booklets and imposed."""
