"""The lunr pipeline functions, each registered under the label lunr.js knows it by.

lunr.js refuses to load an index whose pipeline names a function it has
not registered, so every label here is registered by ``search-text.js``
too. English uses lunr's own ``stopWordFilter`` (the same list on both
sides) and ``portal-stem-en``, a port of lunr.js's stemmer, not lunr.py's
``stemmer``, which stems some words differently (see ``english``). A
function maps one token to its terms: one term, several (every stage of a
light stemmer), or none.
"""

from __future__ import annotations

from collections.abc import Callable

from lunr.pipeline import Pipeline
from lunr.stop_word_filter import WORDS as LUNR_STOP_WORDS
from lunr.stop_word_filter import stop_word_filter as lunr_stop_word_filter
from lunr.token import Token

from . import english, russian
from .folding import fold_vietnamese, fold_yo
from .suffixes import KOREAN, MONGOLIAN, UZBEK

TermFunction = Callable[[str], "str | list[str]"]

# label -> what it does to one term; the same labels are in search-text.js
TERM_FUNCTIONS: dict[str, TermFunction] = {
    "portal-fold-vi": fold_vietnamese,
    "portal-fold-yo": fold_yo,
    "portal-stem-en": english.stem,
    "portal-stem-ru": russian.stem,
    "portal-stem-ko": KOREAN,
    "portal-stem-uz": UZBEK,
    "portal-stem-mn": MONGOLIAN,
}
LUNR_BUILTINS = {"stopWordFilter": lunr_stop_word_filter}


def _as_lunr(function: TermFunction):
    """Wrap a term function as a lunr pipeline function (token, i, tokens) -> token(s)."""

    def run(token: Token, i: int, tokens: list[Token]):
        result = function(str(token))
        terms = result if isinstance(result, list) else [result]
        made = [token.clone(lambda string, metadata, term=term: term) for term in terms if term]
        return made[0] if len(made) == 1 else made or None

    return run


def registered(label: str):
    """The lunr pipeline function for ``label``, registering ours on first use."""
    if label in LUNR_BUILTINS:
        return LUNR_BUILTINS[label]
    if label not in TERM_FUNCTIONS:
        raise KeyError(f"search: no pipeline function labelled {label!r}; "
                       f"known: {', '.join(sorted([*TERM_FUNCTIONS, *LUNR_BUILTINS]))}")
    existing = Pipeline.registered_functions.get(label)
    if existing is None:
        existing = _as_lunr(TERM_FUNCTIONS[label])
        Pipeline.register_function(existing, label)
    return existing


def run_pipeline(labels: tuple[str, ...], terms: list[str]) -> list[str]:
    """Terms through the pipeline ``labels``, as lunr would run them (for tests and tools)."""
    pipeline = Pipeline()
    for label in labels:
        pipeline.add(registered(label))
    return [str(token) for token in pipeline.run([Token(term, {}) for term in terms])]


def _drop_stop_word(term: str) -> list[str]:
    return [] if term in LUNR_STOP_WORDS else [term]


def _stage(function: TermFunction):
    """A term function as one stage of ``term_stages``: what lunr keeps of its result."""

    def run(term: str) -> list[str]:
        result = function(term)
        return [made for made in (result if isinstance(result, list) else [result]) if made]

    return run


def term_stages(labels: tuple[str, ...]) -> list[Callable[[str], list[str]]]:
    """The pipeline ``labels`` as plain functions, term -> terms, for the build's hot loop.

    They do what ``registered(label)`` does inside lunr's ``Pipeline.run``
    (the tests hold the index built through them to lunr.py's own) without
    a lunr Token per term and per stage.
    """
    stages = []
    for label in labels:
        registered(label)  # the same check for unknown labels
        stages.append(_drop_stop_word if label == "stopWordFilter" else _stage(TERM_FUNCTIONS[label]))
    return stages
