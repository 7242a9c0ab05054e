"""Image work with Pillow, and nothing of Pelican: responsive sizes of an image, cached by the
hash of its bytes, and the generated social cards. portail.site.images is the Pelican glue."""
