"""Pelican adapter: builds every language edition of the portal.

``register()`` only connects signals to named functions; the work is in
``generator.EditionGenerator`` and, below it, the ``portal`` library.
"""

from pelican import signals

from .generator import EditionGenerator, set_feed_language
from .hostfiles import write_host_files


def get_generators(pelican_object):
    return EditionGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.feed_generated.connect(set_feed_language)
    signals.finalized.connect(write_host_files)
