"""The model: what an article, a page and a sanction are (schema, reference data, identity), and the
problems an editor is told about."""
