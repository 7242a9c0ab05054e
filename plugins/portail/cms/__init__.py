"""The CMS of the preview's /admin/ (Decap CMS): its configuration, generated from the schema."""
