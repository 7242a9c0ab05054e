"""The GDPR portal: one package, its sub-packages named after the stages data flows through.

    model     what a sanction, an article and a page are; problems told to editors
    content   reading and checking source files (one reader, one list of checks)
    counting  statistics, related articles, open data, charts: pure functions over the model
    plumbing  output folder, lock, parallel workers, cache fingerprints
    site      the Pelican adapter: the one plugin, ``portail.site``
    commands  entry points of the commands (console scripts; ``scripts/`` calls them)
    bench     benchmarks and their generated corpus

Only ``site`` and ``commands`` import Pelican.
"""
