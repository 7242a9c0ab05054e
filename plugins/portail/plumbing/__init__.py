"""Build plumbing: the output folder, parallel workers, fingerprints of what a cache depends on."""
