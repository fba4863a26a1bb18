"""The output kinds guide makes, each one module exposing `PRODUCT` (see
`guide.pipeline.runner.Product`), registered here by name: a new kind is a new module and
one line below."""

from __future__ import annotations

from importlib import import_module

from guide.pipeline.runner import Product

REGISTRY = {
    "sheet": "guide.products.sheet",
    "flashcards": "guide.products.flashcards",
    "booklet": "guide.products.booklet",
    "web": "guide.products.web",
}


def product(name: str) -> Product:
    """The product registered as `name`, imported only when asked for."""
    return import_module(REGISTRY[name]).PRODUCT
