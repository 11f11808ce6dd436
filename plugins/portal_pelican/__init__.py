"""Pelican adapter: builds every language edition of the portal.

``register()`` only connects signals to named functions; the work is in
``generator.EditionGenerator``, ``hostfiles`` and, below them, the
``portal`` library. Imports are deferred so that a settings file can
import ``portal_pelican.defaults`` without loading Pelican.
"""


def get_generators(pelican_object):
    from .generator import EditionGenerator

    return EditionGenerator


def set_feed_language(context, feed) -> None:
    from .generator import set_feed_language as apply

    apply(context, feed)


def write_host_files(pelican_object) -> None:
    from .hostfiles import write_host_files as write

    write(pelican_object)


def register():
    from pelican import signals

    signals.get_generators.connect(get_generators)
    signals.feed_generated.connect(set_feed_language)
    signals.finalized.connect(write_host_files)
