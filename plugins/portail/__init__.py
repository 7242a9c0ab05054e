"""Core of the GDPR portal: what a sanction is, how content is validated, how it is counted.

Nothing here imports Pelican: the Pelican plugins and the scripts are thin adapters over it.
"""
