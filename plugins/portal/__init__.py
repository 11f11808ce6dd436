"""The portal's domain library: languages, segments, catalogs, editions.

Nothing in this package imports Pelican. The Pelican adapter in
``portal_pelican`` wires it into a build; the command line in
``portal.cli`` drives it for editors and translators. Data flows one way:
read source -> segment -> translate -> render -> write.
"""
